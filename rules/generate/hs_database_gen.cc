// Build-time generator: compiles the built-in catalog's log patterns into two Hyperscan block-mode
// databases, the patterns as written and their escape-tolerant forms (rules/escape_tolerant.h),
// and writes them, with the pattern texts they hold, as a C++ source file (rules/hs_builtin_db.h
// declares what it defines). Compiling them takes 0.3 s and 2 s, many times a whole small run, so
// the binary carries them ready-made; deserializing costs 0.1 ms and 4 ms. The database targets a
// generic x86-64 (SSSE3), so a binary built on an AVX-512 machine runs anywhere Hyperscan does; on
// this corpus it scans as fast as one tuned for the host.
//
// Usage: wid_hs_database_gen OUT.cc CATALOG.yaml...
// A pattern Hyperscan rejects is left out (the scanner sends it to its RE2::Set); the patterns are
// matched by text at run time, so their order here does not matter.
#include <hs/hs.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "rules/escape_tolerant.h"

namespace {

// The flags the scanner's RE2 options imply: `.` crosses line breaks (RE2's dot_nl); a candidate is
// reported once per record. The scanner sends only ASCII records, where byte and UTF-8 semantics
// agree, so the database is compiled for bytes.
constexpr unsigned kFlags = HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;

void collect(const YAML::Node& rules, std::set<std::string>& out) {
  if (!rules.IsSequence()) return;
  for (const auto& rule : rules) {
    const YAML::Node any = rule["match"] ? rule["match"]["any"] : YAML::Node();
    if (!any || !any.IsSequence()) continue;
    for (const auto& p : any) out.insert(p.as<std::string>());
  }
}

// The bytes as adjacent string literals: much faster for the compiler than a brace list.
void write_bytes(std::ostream& os, const char* data, size_t size) {
  constexpr char kHex[] = "0123456789abcdef";
  os << "    \"";
  for (size_t i = 0; i < size; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    os << "\\x" << kHex[c >> 4] << kHex[c & 15];
    if (i % 32 == 31 && i + 1 < size) os << "\"\n    \"";
  }
  os << "\"";
}

void write_string(std::ostream& os, const std::string& s) { write_bytes(os, s.data(), s.size()); }

const hs_platform_info_t* generic_platform() {
  static hs_platform_info_t generic = [] {
    hs_platform_info_t p{};
    p.tune = HS_TUNE_FAMILY_GENERIC;
    p.cpu_features = 0;
    return p;
  }();
  return &generic;
}

bool compiles(const std::string& expr) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile(expr.c_str(), kFlags, HS_MODE_BLOCK, generic_platform(), &db, &err) !=
      HS_SUCCESS) {
    std::cerr << "hs_database_gen: left to RE2 (" << err->message << "): " << expr << "\n";
    hs_free_compile_error(err);
    return false;
  }
  hs_free_database(db);
  return true;
}

// One database over exprs (expression id = index); its serialized bytes, empty on failure.
std::string compile(const std::vector<std::string>& exprs) {
  std::vector<const char*> ptrs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < exprs.size(); ++i) {
    ptrs.push_back(exprs[i].c_str());
    flags.push_back(kFlags);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(ptrs.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size()),
                       HS_MODE_BLOCK, generic_platform(), &db, &err) != HS_SUCCESS) {
    std::cerr << "hs_database_gen: " << err->message << "\n";
    hs_free_compile_error(err);
    return {};
  }
  char* bytes = nullptr;
  size_t size = 0;
  std::string out;
  if (hs_serialize_database(db, &bytes, &size) == HS_SUCCESS) out.assign(bytes, size);
  std::free(bytes);
  hs_free_database(db);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " OUT.cc CATALOG.yaml...\n";
    return 2;
  }
  std::set<std::string> patterns;
  try {
    for (int i = 2; i < argc; ++i) collect(YAML::LoadFile(argv[i]), patterns);
  } catch (const std::exception& e) {
    std::cerr << "hs_database_gen: " << e.what() << "\n";
    return 1;
  }
  std::vector<std::string> kept(patterns.begin(), patterns.end()), tolerant;
  for (const auto& p : kept) tolerant.push_back(wid::escape_tolerant(p));
  std::string plain_db = compile(kept), tolerant_db = compile(tolerant);
  if (plain_db.empty() || tolerant_db.empty()) {
    // Some pattern is beyond Hyperscan: find which, leave it to the RE2::Set, compile the rest.
    std::vector<std::string> k2, t2;
    for (size_t i = 0; i < kept.size(); ++i) {
      if (compiles(kept[i]) && compiles(tolerant[i])) {
        k2.push_back(kept[i]);
        t2.push_back(tolerant[i]);
      }
    }
    kept.swap(k2);
    tolerant.swap(t2);
    plain_db = kept.empty() ? "" : compile(kept);
    tolerant_db = kept.empty() ? "" : compile(tolerant);
    if (!kept.empty() && (plain_db.empty() || tolerant_db.empty())) return 1;
  }
  std::ofstream os(argv[1], std::ios::binary);
  os << "// Generated by rules/generate/hs_database_gen.cc from rules/catalog/*.yaml. Do not "
        "edit.\n"
     << "#include \"rules/hs_builtin_db.h\"\n\nnamespace wid {\nnamespace {\n"
     << "const char kPlain[] =\n";
  write_bytes(os, plain_db.data(), plain_db.size());
  os << ";\nconst char kTolerant[] =\n";
  write_bytes(os, tolerant_db.data(), tolerant_db.size());
  os << ";\nconst char* const kPatterns[] = {\n";
  for (const auto& p : kept) {
    write_string(os, p);
    os << ",\n";
  }
  if (kept.empty()) os << "    nullptr,\n";
  os << "};\n}  // namespace\n\nHsBuiltinDatabase hs_builtin_database() {\n"
     << "  return {std::string_view(kPlain, " << plain_db.size()
     << "), std::string_view(kTolerant, " << tolerant_db.size() << "), kPatterns, " << kept.size()
     << "};\n}\n\n}  // namespace wid\n";
  os.close();
  if (!os) {
    std::cerr << "hs_database_gen: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
