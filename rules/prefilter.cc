#include "rules/prefilter.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <string>

#include "analyzer/model/limits.h"
#include "rules/log_scanner.h"

namespace wid {
namespace {

// One RE2::Set over the patterns, as written or in their escape-tolerant form; nullptr when one
// does not compile.
std::unique_ptr<RE2::Set> compile_set(const std::vector<std::string>& patterns, bool tolerant) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(limits::kRe2SetMaxMem);
  // `.` may cross a line break of a multi-line record, as it can in the joined unescaped text.
  opts.set_dot_nl(true);
  auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  for (auto& p : patterns) {
    std::string err;
    if (set->Add(tolerant ? escape_tolerant(p) : p, &err) < 0) return nullptr;
  }
  if (!set->Compile()) return nullptr;
  return set;
}

// Two sets over the same patterns: the plain one as written, for records that unescaping leaves
// as they are (most lines), and the escape-tolerant one for the rest, compiled when first needed.
// Confirmation of a plain record runs the patterns as written on the record alone, so the plain set
// names exactly the candidates it needs, without the tolerant forms' false candidates.
class SetPrefilter : public Prefilter {
 public:
  SetPrefilter(std::unique_ptr<RE2::Set> plain, const std::vector<std::string>& patterns)
      : plain_(std::move(plain)), patterns_(patterns) {}
  void candidates(std::string_view text, std::vector<int>& out) override {
    RE2::Set* set = plain_.get();
    if (may_unescape(text)) {
      // Compiled on the first record that needs it: a bundle without escapes, or a short text,
      // never pays for the larger set (about half of the rule compilation time).
      if (!tolerant_ && !tolerant_failed_) {
        tolerant_ = compile_set(patterns_, true);
        tolerant_failed_ = !tolerant_;
      }
      if (!tolerant_) return name_all(out);
      set = tolerant_.get();
    }
    const re2::StringPiece piece(text.data(), text.size());
    RE2::Set::ErrorInfo info;
    hits_.clear();
    // Most records match nothing. Asked without a list, the set allocates no match set and
    // stops at the first match; only a record that matches is searched again for the list.
    if (!set->Match(piece, nullptr, &info) && info.kind == RE2::Set::kNoError) return;
    if (info.kind == RE2::Set::kNoError && set->Match(piece, &hits_, &info)) {
      out.insert(out.end(), hits_.begin(), hits_.end());
    } else if (info.kind != RE2::Set::kNoError) {
      // The 2-argument Match would report this as "no match" (re2#136): fall back to confirming
      // every pattern on this record.
      name_all(out);
    }
  }

 private:
  void name_all(std::vector<int>& out) const {
    for (size_t i = 0; i < patterns_.size(); ++i) out.push_back(static_cast<int>(i));
  }

  std::unique_ptr<RE2::Set> plain_, tolerant_;
  std::vector<std::string> patterns_;
  bool tolerant_failed_ = false;
  std::vector<int> hits_;
};

class NullPrefilter : public Prefilter {
 public:
  explicit NullPrefilter(size_t n) : n_(n) {}
  void candidates(std::string_view, std::vector<int>& out) override {
    for (size_t i = 0; i < n_; ++i) out.push_back(static_cast<int>(i));
  }

 private:
  size_t n_;
};

}  // namespace

std::string escape_tolerant(const std::string& p) {
  // An entity's own & may be escaped again (&amp;#34; when HTML is escaped twice, \u0026#34;
  // when a .NET serializer writes an HTML-escaped message), as unescape_record undoes.
  static const std::string kEntityAmp = R"((?:&|\\+u0026)(?:amp;)*)";
  static const std::string kQuote = R"((?:\\*(?:"|)" + kEntityAmp + R"((?:#0*34|quot);)|\\+u0022))";
  static const std::string kApos =
      R"((?:\\*(?:'|)" + kEntityAmp + R"((?:#0*39|#[xX]0*27|apos);)|\\+u0027))";
  static const std::string kAmp = kEntityAmp;
  static const std::string kLt = R"((?:<|)" + kEntityAmp + R"(lt;|\\+u003[cC]))";
  static const std::string kGt = R"((?:>|)" + kEntityAmp + R"(gt;|\\+u003[eE]))";
  static const std::string kSpace = "(?:(?:\\s|\\\\+[nrt]|\xE2\x94\x82|\xE2\x95\xB5)+)";
  static const std::string kSlash = R"((?:\\*/))";
  std::string out;
  out.reserve(p.size() * 2);
  for (size_t i = 0; i < p.size();) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char n = p[i + 1];
      if (n == '"')
        out += kQuote;
      else if (n == '\'')
        out += kApos;
      else if (n == '/')
        out += kSlash;
      else if (n == ' ')
        out += kSpace;
      else if (n == 's')
        out += "(?:\\s|\\\\+[nrt]|\xE2\x94\x82|\xE2\x95\xB5)";
      else
        out.append(p, i, 2);
      i += 2;
      continue;
    }
    if (c == '[') {
      // A class is copied verbatim (escapes and a leading ] included), except that a negated
      // class may not exclude line breaks: the unescaped record joins lines with a space.
      size_t j = i + 1;
      bool negated = j < p.size() && p[j] == '^';
      if (negated) ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') j += (p[j] == '\\' && j + 1 < p.size()) ? 2 : 1;
      std::string cls = p.substr(i, j + 1 - i);
      if (negated) {
        // Walk the class by tokens: find("\\n") would also hit the n after an escaped
        // backslash ([^\\n] is "neither \\ nor n") and leave the broken class [^\].
        std::string kept = "[^";
        for (size_t k = 2; k + 1 < cls.size();) {
          const size_t len = cls[k] == '\\' && k + 2 < cls.size() ? 2 : 1;
          if (!(len == 2 && (cls[k + 1] == 'n' || cls[k + 1] == 'r'))) kept.append(cls, k, len);
          k += len;
        }
        cls = kept == "[^" ? "(?s:.)" : kept + "]";
      }
      out += cls;
      i = j + 1;
      continue;
    }
    if (c == '(' && p.compare(i, 4, "(?P<") == 0) {  // named group syntax, not a literal <
      size_t j = p.find('>', i);
      if (j == std::string::npos) j = p.size() - 1;
      out.append(p, i, j + 1 - i);
      i = j + 1;
      continue;
    }
    switch (c) {
      case '"':
        out += kQuote;
        break;
      case '\'':
        out += kApos;
        break;
      case '&':
        out += kAmp;
        break;
      case '<':
        out += kLt;
        break;
      case '>':
        out += kGt;
        break;
      case ' ':
        out += kSpace;
        break;
      case '/':
        out += kSlash;
        break;
      default:
        out += c;
    }
    ++i;
  }
  return out;
}

std::unique_ptr<Prefilter> make_set_prefilter(const std::vector<std::string>& patterns) {
  auto plain = compile_set(patterns, false);
  if (!plain) return nullptr;
  return std::make_unique<SetPrefilter>(std::move(plain), patterns);
}

std::unique_ptr<Prefilter> make_null_prefilter(size_t pattern_count) {
  return std::make_unique<NullPrefilter>(pattern_count);
}

}  // namespace wid
