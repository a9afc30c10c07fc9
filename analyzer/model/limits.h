// Every bound the analyzer enforces, in one place, each with why. Past a bound the input
// becomes a clear finding or error, never a crash, hang or silent drop.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wid::limits {

constexpr size_t kKiB = 1024;
constexpr size_t kMiB = 1024 * kKiB;
constexpr uint64_t kGiB = 1024ull * kMiB;

// Structured files (YAML/JSON objects, manifests, az output). The Kubernetes API caps a request
// body at 3 MiB and yaml-cpp parses at ~3 MB/s, so anything larger is not a real object file.
constexpr size_t kMaxStructuredFileBytes = 4 * kMiB;
// How many bytes of a file the sniffers look at to classify it.
constexpr size_t kSniffBytes = 64 * kKiB;
// yaml-cpp 0.7 LoadAll loops forever on ","; our own event-driven loader stops at this many
// documents.
constexpr size_t kMaxYamlDocuments = 1000;
// Kubernetes manifests are shallow; a low cap keeps recursion tiny (yaml-cpp's own 500 is a
// backstop).
constexpr size_t kMaxYamlDepth = 64;
constexpr size_t kMaxYamlNodes = 200000;
// Billion-laughs defence: an alias that expands past this many nodes is refused.
constexpr size_t kMaxYamlAliasExpansion = 10000;
// nlohmann parses very deep nesting but dump() and copies then overflow the stack.
constexpr size_t kMaxJsonDepth = 128;
// A projected service-account token is about 1 KiB.
constexpr size_t kMaxJwtBytes = 16 * kKiB;

// Logs. A record is a line plus its continuation lines; longer ones are cut with a marker so one
// runaway line cannot take the memory (CRI splits lines at 16 KiB, troubleshoot caps at 10 MB).
constexpr size_t kMaxRecordBytes = 1 * kMiB;
// Continuation lines folded into one record (a Java stack trace, a klog err=< block).
constexpr size_t kMaxRecordLines = 200;
// Samples kept per finding, and how much of each sample line is shown.
constexpr size_t kMaxSamplesPerFinding = 5;
constexpr size_t kMaxSampleBytes = 4 * kKiB;
// Distinct values kept per capture name per finding.
constexpr size_t kMaxCaptureValues = 10;
// Unescaping runs until the text stops changing, at most this many rounds (JSON in JSON in klog).
constexpr int kMaxUnescapeRounds = 4;
// Read size for log files: large reads beat mmap for RSS, and 1 MiB amortises syscalls.
constexpr size_t kReadBlockBytes = 1 * kMiB;
// Big files are split into work units at record boundaries so threads share one file.
constexpr uint64_t kWorkUnitBytes = 16 * kMiB;
// Logs larger than this are not hashed unless asked (--hash-all): SHA-256 runs at ~1.6 GB/s with
// SHA-NI, a quarter of a 1 GiB scan on one thread, and serial before the scan starts; a log's
// path and size identify it well enough for a diagnosis. Structured files are always hashed.
constexpr uint64_t kMaxHashedLogBytes = 16 * kMiB;
// Decompressed bytes per .gz member: stops gzip bombs (1 MiB -> 1 GiB inflates in 1.3 s).
constexpr uint64_t kMaxDecompressedBytes = 2 * kGiB;

// Archives: tar (+gzip) only, regular files only.
constexpr size_t kMaxArchiveEntries = 100000;
constexpr uint64_t kMaxArchiveEntryBytes = 1 * kGiB;
constexpr uint64_t kMaxArchiveTotalBytes = 8 * kGiB;
constexpr size_t kMaxArchivePathBytes = 4096;
// Files a directory walk visits before it stops (a mistaken `analyze /`).
constexpr size_t kMaxDirectoryFiles = 100000;
// Bytes of all inputs one run reads, as stored (compressed files count their compressed size,
// archives their members): a time bound for a mistaken `analyze /`. Well above a real bundle: the
// kubelet rotates a container log at 10 MiB and keeps 5 (50 MiB a container), so 64 GiB holds
// every log of some 1,300 containers; an archive alone is already bounded at 8 GiB.
constexpr uint64_t kMaxTotalBytes = 64 * kGiB;

// Report sizes, defaults of the renderers' cuts (reports/limits.h says why each is what it is).
constexpr size_t kMaxSarifResults = 5000;
constexpr size_t kMaxMarkdownBytes = 900 * kKiB;
constexpr size_t kMaxJunitBodyBytes = 8 * kMiB;

// RE2: per-pattern and per-set memory (8 MiB is RE2's default; a Set gets more since it holds
// every rule in one program).
constexpr int64_t kRe2MaxMem = 8 << 20;
constexpr int64_t kRe2SetMaxMem = 64 << 20;
// User patterns larger than this are refused at load time (RE2 docs / fuzzer guidance).
constexpr int kMaxUserPatternProgramSize = 10000;
// A --rules pack: how many rules, and how many RE2 instructions all their patterns may compile to
// together, counted in their escape-tolerant forms (rules/prefilter.h), since that is the larger
// of the scanner's two RE2::Sets. Every pattern joins both Sets (kRe2SetMaxMem, shared with the
// built-in catalog and the DFA cache); a 64 MiB Set stops compiling near 650,000 instructions
// (RE2 2022-06-01), and the scan would then confirm every pattern on every record with escapes.
// The loader refuses such a pack with a message instead.
constexpr size_t kMaxUserRules = 2000;
constexpr size_t kMaxUserProgramSizeTotal = 400000;

}  // namespace wid::limits
