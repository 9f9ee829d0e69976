import NIOPosix

/// Returning freed heap memory to the system. glibc keeps freed pages for reuse, so a
/// server that once parsed a 100,000-row import would stay that large while idle.
enum MemoryTrim {
    /// `malloc_trim` blocks while it walks the heap (and holds its arenas' locks): it runs on
    /// a thread of the pool for blocking work, not one of the few that run every request's
    /// tasks.
    static func release() async {
        try? await NIOThreadPool.singleton.runIfActive { trimNow() }
    }

    private static func trimNow() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    /// Keeps large blocks (from 128 KiB: an import's text and rows) out of the heap. glibc
    /// raises this threshold by itself after the first large frees, so later large blocks
    /// land in the heap, where the small objects allocated among them pin the pages:
    /// idle readings after an import stayed 20–30 MB higher in some runs (one arena held
    /// 28 MB that `malloc_trim` could not return). Call once, at startup.
    static func keepLargeBlocksOutOfTheHeap() {
        #if os(Linux)
        _ = glibcMallopt(-3, 128 * 1024)  // M_MMAP_THRESHOLD; setting it also turns off the dynamic adjustment
        #endif
    }
}

#if os(Linux)
/// glibc's `int malloc_trim(size_t pad)` (declared in `malloc.h`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32

/// glibc's `int mallopt(int param, int value)`.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
