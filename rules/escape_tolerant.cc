#include "rules/escape_tolerant.h"

namespace wid {
namespace {

// Whether a character class ("[...]", as written) admits whitespace through \s: read by tokens,
// so the s of an escaped backslash ([\\s]) does not count.
bool class_has_space(const std::string& cls) {
  for (size_t k = 1; k + 1 < cls.size();) {
    if (cls[k] == '\\' && k + 2 < cls.size()) {
      if (cls[k + 1] == 's') return true;
      k += 2;
    } else {
      ++k;
    }
  }
  return false;
}

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
  // System.Text.Json writes a backtick as \u0060 (Foundry's messages quote names in backticks).
  static const std::string kBacktick = R"((?:`|\\+u0060))";
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
      // A non-word character may be written as an escape of one (\u003E or &gt; for >, \n):
      // wider than the unescaped text needs, which the confirming match settles.
      else if (n == 'W')
        out += "(?:\\W|\\\\+(?:u00[0-9a-fA-F]{2}|[nrt])|" + kEntityAmp +
               "(?:[A-Za-z]+|#[0-9]+|#[xX][0-9a-fA-F]+);)";
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
      } else if (class_has_space(cls)) {
        // [\s|]+ between two words: the escaped text has \n or \r\n there.
        cls = "(?:" + cls + "|\\\\+[nrt])";
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
      case '`':
        out += kBacktick;
        break;
      default:
        out += c;
    }
    ++i;
  }
  return out;
}

}  // namespace wid
