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

// Regions that refresh themselves from the server: an element with `data-refresh` and an id
// is fetched again (the page's own address) and swapped in when one of the events named in
// `data-refresh-on` arrives on `data-refresh-stream`, or every `data-refresh-every`
// milliseconds until the new copy no longer asks for it (a job that has finished). The
// request names the region (`X-Console-Refresh`): the server may leave out what is costly
// outside it.
(function () {
  "use strict";
  var regions = document.querySelectorAll("[data-refresh][id]");
  if (!regions.length || !window.fetch || !window.DOMParser) { return; }
  Array.prototype.forEach.call(regions, function (region) {
    var id = region.id;
    var pending = null;
    function refresh(done) {
      fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html", "X-Console-Refresh": id } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
          var current = document.getElementById(id);
          if (fresh && current) { current.innerHTML = fresh.innerHTML; }
          if (done) { done(fresh); }
        })
        .catch(function () { if (done) { done(null); } });
    }
    var stream = region.getAttribute("data-refresh-stream");
    if (stream && window.EventSource) {
      var source = new EventSource(stream);
      (region.getAttribute("data-refresh-on") || "").split(" ").forEach(function (name) {
        if (!name) { return; }
        source.addEventListener(name, function () {
          if (pending) { return; }
          pending = setTimeout(function () { pending = null; refresh(); }, 250);
        });
      });
    }
    var every = parseInt(region.getAttribute("data-refresh-every"), 10);
    if (every > 0) {
      var tick = function () {
        refresh(function (fresh) {
          if (fresh && fresh.hasAttribute("data-refresh-every")) { setTimeout(tick, every); }
        });
      };
      setTimeout(tick, every);
    }
  });
})();
