/// Returning freed heap memory to the system. glibc keeps freed pages for reuse, so a
/// server that once parsed a 100,000-row import would stay that large while idle.
enum MemoryTrim {
    static func release() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// glibc's `int malloc_trim(size_t pad)` (declared in `malloc.h`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
