// The dashboard's live parts: the organization's events from the console's event stream
// are added to the activity list and move the figures, without reloading the page.
(function () {
  "use strict";
  var root = document.querySelector("[data-stream]");
  if (!root || !window.EventSource) { return; }
  var list = document.getElementById("activity");
  var status = document.querySelector("[data-live-status]");
  var bumps = {
    "call.completed": ["today_calls", "total_calls"],
    "call.missed": ["today_calls", "total_calls"],
    "appointment.created": ["total_appointments"],
    "contact.created": ["total_contacts"]
  };
  var names = ["organization.created", "coordinator.created", "coordinator.activated", "contact.created", "contact.updated",
    "appointment.created", "appointment.confirmed", "appointment.cancelled", "call.completed", "call.missed",
    "campaign.started", "campaign.completed", "ai_interaction.logged"];

  function bump(key) {
    var figure = document.querySelector('[data-figure="' + key + '"]');
    if (figure) { figure.textContent = String((parseInt(figure.textContent, 10) || 0) + 1); }
  }

  function summary(data) {
    var keys = ["name", "title", "summary", "from_number", "to_number", "phone", "status"];
    for (var i = 0; i < keys.length; i++) {
      if (data && typeof data[keys[i]] === "string") { return data[keys[i]]; }
    }
    return "";
  }

  function show(event) {
    var body;
    try { body = JSON.parse(event.data); } catch (e) { return; }
    var item = document.createElement("li");
    var name = document.createElement("span");
    name.className = "event";
    name.textContent = event.type;
    var text = document.createElement("span");
    text.className = "summary";
    text.textContent = summary(body.data);
    var time = document.createElement("time");
    time.textContent = "just now";
    time.setAttribute("datetime", body.timestamp || "");
    item.appendChild(name);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(text);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(time);
    list.insertBefore(item, list.firstChild);
    var empty = document.getElementById("activity-empty");
    if (empty) { empty.parentNode.removeChild(empty); }
    (bumps[event.type] || []).forEach(bump);
  }

  var source = new EventSource(root.getAttribute("data-stream"));
  names.forEach(function (name) { source.addEventListener(name, show); });
  source.onopen = function () { if (status) { status.textContent = "live"; status.className = "live on"; } };
  source.onerror = function () { if (status) { status.textContent = "reconnecting…"; status.className = "live"; } };
})();
