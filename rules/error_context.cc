// The error-context judgement (docs/error-context.md). Three tiers, strongest first:
// 1. never a failure: a count or negation of the matched code ("0 AADSTS errors"), source code
//    testing for it (PowerShell -match "AADSTS53003", strings.Contains(err, "..."), "X" in str(e)),
//    a diff line, a Prometheus sample;
// 2. documentation shapes (table row, bullet, heading): prose unless the record carries an error
//    envelope (err=, error_description, Code=, RESPONSE 403, an exception type, level=error...);
// 3. an info/debug record: prose unless it also has an error word (failed, denied...) or envelope.
// Everything else counts: most real failures are pasted bare, without any envelope at all.
#include "rules/error_context.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace wid {
namespace {

// Bounds on what the judgement reads around a match: a phrase that turns a code into a count or
// a comparison sits right next to it, and a level sits at the start of the record.
constexpr size_t kNearBytes = 256;
constexpr size_t kHeadBytes = 512;
constexpr size_t kNpos = std::string_view::npos;

std::string_view tail(std::string_view s, size_t n) {
  return s.size() > n ? s.substr(s.size() - n) : s;
}

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "0 AADSTS700016", "no AuthorizationFailed", "without `AADSTS70021`".
bool negated_before(std::string_view before) {
  static const RE2 kNeg(R"re((?i)(?:^|[^\w.])(?:0|no|zero|without)[\s*_"'`(]*$)re");
  return RE2::PartialMatch(before, kNeg);
}

// Whether a match of `phrase` ends in the last `within` bytes of `before` with no sentence end
// (. ! ? or a line break) after it: what `PHRASE[^.!?\n]{0,within}$` says, without the counted
// repetition. RE2 unrolls `{0,120}` into a program of 1,500 instructions that took 1.4 ms to
// compile and as long again to warm up in every process, for each of these patterns.
bool ends_clause(std::string_view before, const RE2& phrase, size_t within) {
  const size_t n = before.size();
  const size_t stop = before.find_last_of(".!?\n");
  const size_t cut = std::max(n > within ? n - within : 0, stop == kNpos ? 0 : stop + 1);
  // A phrase is a few words: one that starts further back than this cannot end past `cut`.
  constexpr size_t kLongestPhrase = 96;
  size_t from = cut > kLongestPhrase ? cut - kLongestPhrase : 0;
  re2::StringPiece m;
  while (from < n && phrase.Match(before, from, n, RE2::UNANCHORED, &m, 1)) {
    const auto at = static_cast<size_t>(m.data() - before.data());
    if (at + m.size() >= cut) return true;
    from = at + 1;
  }
  return false;
}

// A document explaining the code: "the guide now also explains `AADSTS700024`", and a request
// about a tool's coverage: "the script does not cover the response code AADSTS50057".
bool doc_verb_before(std::string_view before) {
  static const RE2 kDocVerb(
      R"re((?i)\b(?:explains?|describes?|documents?|lists?|covers?)\s+(?:the\s+)?(?:(?:error|response|status)\s+)?(?:code\s+)?[`'"*_]*$)re");
  return RE2::PartialMatch(before, kDocVerb);
}

// Advice addressed to a reader, "If you are encountering `AADSTS700024`", "when you see …", and
// a documentation page's generic account, "the workflow often reports …", "the job may fail
// with …": a user reporting a failure writes "I get" or pastes the log, never "if you get", and a
// log line says what happened, not what usually happens.
bool hypothetical_before(std::string_view before) {
  static const RE2 kIfYou(
      R"re((?i)\b(?:if|when|whenever|in case)\s+you(?:'re|\s+are|\s+still|\s+have)?\s+(?:encounter|see|get|hit|receive|run\s+into|face|experience|observe)\w*\b)re");
  static const RE2 kGeneric(
      R"re((?i)\b(?:often|usually|typically|commonly|sometimes|frequently|may|might)\s+(?:also\s+)?(?:report|return|fail|show|surface|throw|raise|produce|emit|log|print|see|get|hit|read|say|look|be\s+(?:blocked|rejected|denied|refused))\w*\b|\bwhenever\s+(?:the\s+|an?\s+)?[\w.]+\s+(?:throws|returns|reports|raises|logs|fails)\b)re");
  // What a change or a mistake would do to the code: "has a typo that would cause AADSTS70021",
  // "revert … to avoid issue AADSTS7002138", "fix AADSTS700016 on …".
  // A change's title or changelog line names the code it handles ("Added AADSTS900382: …",
  // "Document the AADSTS700213 failures", "added handling for … (AADSTS53003)"), and a change
  // says what its program will print from now on.
  static const RE2 kEffect(
      R"re((?i)\b(?:would|will|can|could|may|might)\s+(?:cause|trigger|lead\s+to|result\s+in)|\bto\s+(?:avoid|prevent|fix)|^\s*(?:[-*]\s+)?(?:\[(?:feature\s*request|enhancement|proposal|docs?)\]:?\s*)?(?:fix|fixes|fixed|avoid|add|adds|added|document|documents|documented|handle|handles|handled|support|supports|supported|improve|improves|improved|implement|implements|implemented)\b)re");
  static const RE2 kWillBe(
      R"re((?i)\b(?:will|would)\s+(?:now\s+)?be\s+(?:printed|shown|logged|displayed|raised|returned|emitted|thrown|rejected|denied|refused|blocked))re");
  // A discussion of the message's wording: "the error message has been updated to be more clear
  // when …" introduces the new text, not a failure.
  static const RE2 kReworded(
      R"re((?i)\bmessages?\s+(?:has\s+been|have\s+been|was|were|is\s+now|got)\s+(?:updated|changed|improved|reworded|clarified|rewritten))re");
  // A document's sample: "Here's a sample error response:", "Example output:", "Example error:",
  // "Consider the following error message:".
  static const RE2 kSample(
      R"re((?i)(?:\b(?:sample|example)\s+(?:errors?|(?:error\s+)?(?:response|output|message)s?)|\bconsider\s+the\s+following)\b)re");
  // What a reader will or may see: "you'll see an error with the following message".
  static const RE2 kYouWill(
      R"re((?i)\byou(?:'ll|\s+will|'d|\s+would|\s+may|\s+might|\s+could|\s+can)\s+(?:also\s+)?(?:see|get|receive|encounter|hit|run\s+into|notice|observe|read|recogni[sz]e|spot|learn)\b)re");
  // What anyone will or would get, said ahead of the quote: "use `az login --identity` without
  // `--username` will get the following error:". A report of a failure says what happened ("I
  // get", "it fails with"); only a description of behaviour says what will be got.
  static const RE2 kWillGet(
      R"re((?i)\b(?:will|would)\s+(?:get|see|receive|encounter)\s+(?:the\s+following|this|these|an?)\s+(?:error|message|exception|output)s?\b)re");
  // A document addressing its reader in the present: "you get an error similar to the
  // following:" (a user reporting one writes "I get").
  static const RE2 kYouGet(
      R"re((?i)\byou\s+(?:get|see|receive)\s+(?:an?\s+)?(?:error|message|output|exception)s?\s+(?:similar\s+to|like)\b)re");
  // An explanation of why a failure happens: "… which is why token request fails with".
  static const RE2 kWhy(R"re((?i)\b(?:which|this|that)(?:\s+is|'s)\s+why\b)re");
  return ends_clause(before, kIfYou, 120) || ends_clause(before, kGeneric, 100) ||
         ends_clause(before, kWhy, 60) || ends_clause(before, kEffect, 60) ||
         ends_clause(before, kWillBe, 120) || ends_clause(before, kReworded, 120) ||
         ends_clause(before, kYouWill, 120) || ends_clause(before, kWillGet, 60) ||
         doc_verb_before(before) || ends_clause(before, kYouGet, 60) ||
         ends_clause(before, kSample, 60);
}

// A definition: "AADSTS700016 is the error Entra returns when …", "AuthorizationFailed means
// that …", "The error AADSTS50173 means your …", "The AADSTS500133 error occurs when …", a
// glossary's `"Client address is not authorized …" - This is a firewall issue`. A log line
// states the error, it does not define it.
bool defined_after(std::string_view after) {
  static const RE2 kDefined(
      R"re(^[`'"*_)]*(?:(?:\s+(?:error|code|exception|response))?\s+(?:(?:is|means|indicates|occurs|happens|appears)\s+(?:the|an?|that|when|if|because)\b|means\s)|\s*(?:-|–|—|:)\s+(?i:this|it|that)\s+(?:is|means|indicates)\b))re");
  return RE2::PartialMatch(after, kDefined);
}

// A code cited in parentheses after prose, "… unless the resource is the GUID form
// (AADSTS90009).": the sentence names the code it explains. An error gives its code with its
// message, not alone in brackets.
bool cited_code(std::string_view before, std::string_view after) {
  static const RE2 kOpen(R"re([A-Za-z,]\s+\($)re");
  static const RE2 kClose(R"re(^\)[.,;:]?(?:\s|$))re");
  return RE2::PartialMatch(before, kOpen) && RE2::PartialMatch(after, kClose);
}

// A Markdown section that documents the error: its heading names the matched code or keyword,
// the record quotes the heading's own text, or the heading is an explanation's ("Root cause",
// "Workaround", "Troubleshooting …"). Issue reports head their sections "Describe the bug",
// "Error", "Logs", none of which names the code.
bool documenting_section(std::string_view section, std::string_view record, std::string_view word) {
  if (section.empty()) return false;
  static const RE2 kExplains(
      R"re((?i)^(?:root\s+causes?|causes?|resolution|solution|workaround|troubleshoot\w*|known\s+issues?|faq|frequently\s+asked|common\s+(?:errors|issues|problems)|how\s+to\s+fix)\b)re");
  if (RE2::PartialMatch(section, kExplains)) return true;
  if (word.size() >= 8 && section.find(word) != std::string_view::npos) return true;
  // The heading's text without Markdown marks and closing punctuation, quoted in the record.
  std::string core;
  for (char c : section)
    if (c != '`' && c != '*' && c != '_') core += c;
  while (!core.empty() && (core.back() == '.' || core.back() == ':' || core.back() == ' '))
    core.pop_back();
  return core.size() >= 16 && record.find(core) != std::string_view::npos;
}

// The prose that introduced a quoted block, judged as if it stood right before the match:
// "you'll see an error with the following message:" then a fenced block. Its closing colon or
// full stop is not the end of the sentence the block completes.
bool hypothetical_lead_in(std::string_view lead_in) {
  if (lead_in.empty()) return false;
  // A link's address ("[Conditional Access](https://docs.microsoft.com/…)") is no sentence end.
  static const RE2 kLinkTarget(R"re(\]\([^)\s]*\))re");
  // Nor is a bare address, such as the source a quote is copied from, on its own line.
  static const RE2 kBareLink(R"re(\s*<?https?://\S+)re");
  std::string text(tail(lead_in, 2 * kNearBytes));
  RE2::GlobalReplace(&text, kLinkTarget, "]");
  RE2::GlobalReplace(&text, kBareLink, "");
  std::string_view t = text;
  while (!t.empty() && (t.back() == ':' || t.back() == '.' || t.back() == ' ' || t.back() == '\t'))
    t.remove_suffix(1);
  if (t.empty()) return false;
  if (hypothetical_before(tail(t, kNearBytes))) return true;
  // A condition and what follows from it: "If the audience is wrong, the error from the server
  // is:", "If MFA is required for the user, the above command fails with the following error
  // message:". A user reporting a failure says what happened ("When I run it, the error is";
  // "If I run it, I get": a condition on the writer's own act is no general statement).
  static const RE2 kIfThen(
      R"re((?i)(?:^|[.!?]\s+)if\s+(?:(?:the|a|an|your|this|that)\s|[a-z]+\s+(?:is|are|isn't|aren't|has|have|was)\s)[^.!?]{1,100},\s*(?:then\s+)?(?:(?:the\s+|you\s+(?:will\s+)?(?:get|see)\s+(?:the\s+|an?\s+)?)?(?:error|response|message|result|output)\b|[^.!?]{0,60}\b(?:fails?|returns?|reports?|shows?|prints?|throws?|raises?)\s+(?:with\s+)?(?:the\s+following|this|these)\b)[^.!?]{0,40}$)re");
  if (RE2::PartialMatch(tail(t, kNearBytes), kIfThen)) return true;
  // The lead-in may name the code the block then quotes: "the guide now also explains
  // `AADSTS700024`:". Judged as if the block's own code followed the verb.
  static const RE2 kNamedCode(R"re(\s([`'"*_]+[A-Za-z][\w.-]*[`'"*_]+|[A-Z]{2,}\d{2,})$)re");
  if (re2::StringPiece code; RE2::PartialMatch(t, kNamedCode, &code) &&
                             doc_verb_before(tail(t.substr(0, t.size() - code.size()), kNearBytes)))
    return true;
  // The sentence may go on past its clause: "If you see an error similar to the following in
  // the object, this can be because …". Each clause end is tried as the sentence's end.
  for (int cuts = 0; cuts < 4; ++cuts) {
    const size_t comma = t.rfind(',');
    if (comma == std::string_view::npos) break;
    t = t.substr(0, comma);
    if (hypothetical_before(tail(t, kNearBytes))) return true;
  }
  return false;
}

// "AuthorizationFailed: 0", "AADSTS70021 errors=0", "AADSTS700016 count 0".
bool counted_after(std::string_view after) {
  static const RE2 kCount(
      R"re(^["'`*_)]*\s*(?:(?:errors?|responses?|failures?|count|total|hits|occurrences)\s*)?[:=]?\s*0(?:[^0-9.:/x-]|$))re");
  return RE2::PartialMatch(after, kCount);
}

// A metrics sample, `name{label="AADSTS70021"} 0`: a counter, never a failure by itself.
bool metric_sample(std::string_view line) {
  static const RE2 kSample(R"re(^[a-zA-Z_:][\w:]*\{[^}]*\}\s+[-+0-9.eE]+(?:\s+\d+)?\s*$)re");
  return RE2::PartialMatch(line, kSample);
}

// The match is a string literal a program or script compares with or searches for.
// Whether a quote or backtick is among the last n bytes of s: every source-literal sign needs one
// right before the match, and most matched records have none there.
bool quote_near_end(std::string_view s, size_t n) {
  return tail(s, n).find_first_of("\"'`") != std::string_view::npos;
}

bool source_literal(std::string_view before, std::string_view after) {
  static const RE2 kOp(
      R"re((?:-[ci]?(?:match|like|contains|eq|ne)|[!=]==?|=~|\bcase|(?:[Cc]ontains|[Ii]ncludes|[Ss]tarts[Ww]ith|[Ee]nds[Ww]ith|[Ii]ndex[Oo]f|MatchString|MustCompile|[Cc]ompile|search|match|test|Regex|[Ee]quals|HasPrefix|HasSuffix|ErrorContains)\s*\((?:(?:[^()"'`]|\([^()]*\))*,\s*)?)\s*[@rb]?["'`][^"'`\s]{0,12}$)re");
  static const RE2 kGrep(
      R"re(\b(?:grep|egrep|rg|findstr|Select-String)(?:\s+-[\w-]+)*\s+["']?[^"'\s]{0,12}$)re");
  // Python's `if "AADSTS70021" in str(e)`: an operand before, `in` or `==` after the literal.
  static const RE2 kPyOperand(
      R"re((?:\bif|\belif|\bassert|\bwhile|\band|\bor|\bnot|\breturn|[(,\[=])\s*[rb]?["'][^"'\s]{0,12}$)re");
  static const RE2 kPyIn(R"re(^\w*[^"'`\s]{0,12}["'`]\s*(?:(?:not\s+)?in\s|[!=]=))re");
  if (RE2::PartialMatch(before, kGrep)) return true;  // grep's pattern may be unquoted
  if (!quote_near_end(before, 13)) return false;      // the others open a literal right there
  return RE2::PartialMatch(before, kOp) ||
         (RE2::PartialMatch(before, kPyOperand) && RE2::PartialMatch(after, kPyIn));
}

// `OPENER[^Q\n]{0,200}$` without the counted repetition (see ends_clause): the literal's quote Q
// is the last one in `before`, at most 200 bytes from its end with no line break after it, and
// `opener` (which ends in `Q$`) matches up to and including it.
bool opens_literal(std::string_view before, char quote, const RE2& opener) {
  const size_t q = before.rfind(quote);
  if (q == kNpos || before.size() - q - 1 > 200 || before.find('\n', q) != kNpos) return false;
  return RE2::PartialMatch(before.substr(0, q + 1), opener);
}

// The match is inside a string literal a program builds its message from: an SDK's source quoted
// in an issue, `const string TimeoutError = "…";`, `msg += "…"`, `newError(name, "…", resp)`, a
// test table's `Message: "…",`.
// The literal opens after an assignment (spaced, as code is written and logfmt is not), a return,
// an identifier argument or an error constructor (`errors.New("`, `new XException("`, not any
// call: Python prints an exception as `LinkDetach("…")`), and the line ends right after it
// closes.
bool message_literal(std::string_view before, std::string_view after) {
  // One pair per quote: the literal closes with the quote that opened it. A single-quoted value
  // after a spaced `=` is not taken for code: adal logs `Error = 'Post …: no such host'`.
  static const RE2 kOpenDouble(
      R"re((?:\s(?:=|:=|\+=)\s*|\breturn\s+|\w\(\s*[A-Za-z_][\w.]*\s*,\s*|(?:\berrors\.(?:New|Errorf)|\bfmt\.Errorf|\b(?:new|raise)\s+[A-Z]\w*)\(\s*|^\s+\+\s*)[@$]?"$)re");
  static const RE2 kCloseDouble(R"re(^[^"\n]*"[\s\w.,;)\]}+]*$)re");
  static const RE2 kOpenSingle(
      R"re((?:\s\+=\s*|\breturn\s+|\w\(\s*[A-Za-z_][\w.]*\s*,\s*|(?:\berrors\.(?:New|Errorf)|\b(?:new|raise)\s+[A-Z]\w*)\(\s*)'$)re");
  static const RE2 kCloseSingle(R"re(^[^'\n]*'[\s\w.,;)\]}+]*$)re");
  // A code alone in a literal of a list, `"AADSTS900382", // Confidential client …`.
  static const RE2 kListOpen(R"re(^\s*[@$]?["']$)re");
  static const RE2 kListClose(R"re(^["']\s*[,;)\]}]*\s*(?://|#|$))re");
  // A code alone in a literal passed to a call, `Arguments.of("AADSTS1002016", "…")`,
  // `backoffRetry(404, "Request_ResourceNotFound");`: a test's table or a retry rule. An error
  // quotes its code within its message; Python's `LinkDetach('…')` holds a whole message. Only
  // inside a call's parentheses: a list printed in an error, `['Forbidden', 'Code', …]`, is none.
  static const RE2 kArgOpen(R"re(\w\((?:[^()"'\n]*,)?\s*[@$]?["']$)re");
  static const RE2 kArgClose(R"re(^["']\s*(?:,\s*\S|\)))re");
  // A call's last argument on a line of its own, indented, the call closing after it:
  // `throw std::runtime_error(` and then `    "No token file specified. …");`.
  static const RE2 kWrappedArgOpen(R"re(^\s+[@$]?"$)re");
  static const RE2 kWrappedArgClose(R"re(^[^"\n]*"\s*\)+;?\s*$)re");
  // A Go raw string given to an error constructor, fmt.Errorf(`OIDC authentication was requested
  // … were` and the rest on the next lines: it may close on a later line. No log line opens a
  // backquoted string after errors.New( or fmt.Errorf(.
  static const RE2 kRawOpen(R"re((?:\berrors\.(?:New|Errorf)|\bfmt\.Errorf)\(\s*`$)re");
  static const RE2 kRawClose(R"re(^[^`\n]*(?:`[\s\w.,;)\]}+]*)?(?:\n|$))re");
  if (before.find_first_of("\"'`") == std::string_view::npos) return false;  // no literal open
  return (opens_literal(before, '"', kOpenDouble) && RE2::PartialMatch(after, kCloseDouble)) ||
         (opens_literal(before, '\'', kOpenSingle) && RE2::PartialMatch(after, kCloseSingle)) ||
         (RE2::PartialMatch(before, kListOpen) && RE2::PartialMatch(after, kListClose)) ||
         (RE2::PartialMatch(before, kArgOpen) && RE2::PartialMatch(after, kArgClose)) ||
         (RE2::PartialMatch(before, kWrappedArgOpen) &&
          RE2::PartialMatch(after, kWrappedArgClose)) ||
         (opens_literal(before, '`', kRawOpen) && RE2::PartialMatch(after, kRawClose));
}

// A field of a struct or object literal, `Message: "The client … does not have …",` (Go, JS):
// an unquoted key, and the line ends right after the literal with a comma. JSON quotes its keys;
// YAML ends no scalar with a comma.
bool field_literal(std::string_view before, std::string_view after) {
  static const RE2 kFieldOpen(R"re(^\s*[A-Za-z_]\w*:\s*"$)re");
  static const RE2 kFieldClose(R"re(^[^"\n]*",\s*$)re");
  return opens_literal(before, '"', kFieldOpen) && RE2::PartialMatch(after, kFieldClose);
}

// Node's util.inspect of an Error with properties of its own: the last stack frame opens a brace,
// then a property a line, `  errorMessage: "Error(s): 700016 - … AADSTS700016: …",` (in double
// quotes when the value holds a single one). Its fields are the failure's, not source code.
bool inspected_error(std::string_view record_before_line) {
  static const RE2 kFrameBrace(R"re((?m)^\s+at [^\n]*\S \{$)re");
  return RE2::PartialMatch(record_before_line, kFrameBrace);
}

// The code is one of a list of codes, `AADSTS700213 / AADSTS7002138`, `"AADSTS53003 AADSTS50076
// AADSTS50079"`: a configuration value or a title naming codes. An error states one code and
// then its message.
bool code_list(std::string_view before, std::string_view after) {
  static const RE2 kBefore(
      R"re(\bAADSTS\d{4,8}[`'"*_]*\s*(?:[,/|&+]|\band\b|\bor\b)?\s*[`'"*_]*$)re");
  static const RE2 kAfter(
      R"re(^[`'"*_]*\s*(?:[,/|&+]|\band\b|\bor\b)?\s*[`'"*_]*AADSTS\d{4,8}\b)re");
  return RE2::PartialMatch(before, kBefore) || RE2::PartialMatch(after, kAfter);
}

// A `//` comment line of source code (a log line never opens with one): Go and C# keep sample
// log lines in comments.
bool line_comment(std::string_view line) {
  const size_t i = line.find_first_not_of(" \t");
  return i != std::string_view::npos && line.substr(i, 3) == "// ";
}

// A shell or dotenv assignment, `ERROR=Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL …`: a
// string kept in a variable (a script's table of messages, an .env file), not an event.
bool shell_assignment(std::string_view line) {
  static const RE2 kAssign(R"re(^\s*(?:export\s+)?[A-Z][A-Z0-9_]{2,}=)re");
  return RE2::PartialMatch(line, kAssign);
}

// A string constant's declaration, `public const string AccessToKeyVaultDenied = "…";`,
// `static final String X = "…"`, `export const X = "…"`: a table of codes in source.
bool const_declaration(std::string_view line) {
  static const RE2 kTyped(
      R"re(^\s*(?:(?:public|private|protected|internal|static|readonly|final|export)\s+)*(?:const|final|readonly)\s+(?:(?:std::)?string(?:_view)?|String|str)\s+\w+\s*=)re");
  static const RE2 kScript(
      R"re(^\s*(?:export\s+)?const\s+[A-Za-z_]\w*\s*(?::\s*string\s*)?=\s*["'`])re");
  return RE2::PartialMatch(line, kTyped) || RE2::PartialMatch(line, kScript);
}

// A JavaScript template literal that opens its line and interpolates before the match,
// `` `${msiName}: User assigned identity is not supported…` ``: a message a program builds.
bool template_literal(std::string_view line_before_match) {
  static const RE2 kTemplate(R"re(^\s*`[^`]*\$\{[^`]*$)re");
  return RE2::PartialMatch(line_before_match, kTemplate);
}

// A method-chain line of source code, `  .reply(403, "<Error>…")`: a test's recorded response or
// a builder call. No log or stack-trace line opens with `.name(`.
bool chained_call(std::string_view line) {
  static const RE2 kChained(R"re(^\s*\.[A-Za-z_]\w*\()re");
  return RE2::PartialMatch(line, kChained);
}

// A member of a TypeScript string-literal union, `  | "AccessToKeyVaultDenied"`: an SDK's list of
// the codes a status may take, one per line. No log line is a bare quoted word after a bar.
bool union_member(std::string_view line) {
  static const RE2 kMember(R"re(^\s*\|\s*"[\w.-]*"\s*;?\s*$)re");
  return RE2::PartialMatch(line, kMember);
}

// A unified-diff line: "+text" or "-text" (not a "- " bullet, a "--" rule or a "---" header).
bool diff_line(std::string_view line) {
  if (line.size() < 2) return false;
  if (line[0] == '+') return line[1] != '+';
  return line[0] == '-' && line[1] != '-' && line[1] != ' ' && line[1] != '\t';
}

// A table row without the outer pipes (GitHub renders `CODE | meaning` as a table): the line
// opens with a code (or the match) and a cell separator follows it.
bool bare_table_row(std::string_view line, std::string_view before, std::string_view after) {
  static const RE2 kCodeCell(R"re(^\s*[*_`]*(?:AADSTS)?\d{4,8}[*_`]*\s*\|\s)re");
  static const RE2 kLead(R"re(^[\s*_`]*$)re");
  static const RE2 kCell(R"re(^\w*[*_`]*\s*\|\s)re");
  return RE2::PartialMatch(line, kCodeCell) ||
         (RE2::PartialMatch(before, kLead) && RE2::PartialMatch(after, kCell));
}

// "- text", "* text", "• text", "1. text"; not a YAML list item, `- message: …`.
bool list_item(std::string_view line) {
  static const RE2 kBullet(R"re(^\s*(?:[-*]|\x{2022}|\d{1,2}[.)])\s+\S)re");
  static const RE2 kYamlItem(R"re(^\s*-\s+[a-z][A-Za-z0-9_]*:(?:\s|$))re");
  return RE2::PartialMatch(line, kBullet) && !RE2::PartialMatch(line, kYamlItem);
}

// The match inside a Markdown link's text, `- [failed to get key vault token: … 404](#anchor)`:
// a table of contents or a cross-reference names the error; a log never writes `](` after it.
bool link_text(std::string_view before, std::string_view rest) {
  const size_t open = before.rfind('[');
  if (open == std::string_view::npos || before.find(']', open) != std::string_view::npos)
    return false;
  const size_t close = rest.find("](");
  return close != std::string_view::npos &&
         rest.substr(0, close).find('[') == std::string_view::npos;
}

bool doc_shape(std::string_view line) {
  static const RE2 kHeading(R"re(^\s{0,3}#{1,6}\s)re");
  // An edge of a Mermaid flowchart, `C -->|No| D[AADSTS70021 returned]`: a diagram in docs.
  static const RE2 kMermaidEdge(
      R"re(^\s*\w+(?:\[[^\]]*\]|\([^)]*\)|\{[^}]*\})?\s*(?:-->|---|-\.->|==>)(?:\|[^|]*\|)?\s*\w+)re");
  std::string_view t = line;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  size_t lead = t.find_first_not_of(" \t");
  // A Markdown table row; GitHub renders one without its closing pipe when it has cells enough,
  // and a row cut short keeps its first cell separator (a console gutter is indented further).
  if (lead != std::string_view::npos && t[lead] == '|' && t.size() > lead + 1 &&
      (t.back() == '|' ||
       std::count(t.begin() + static_cast<std::ptrdiff_t>(lead), t.end(), '|') >= 3 ||
       (lead <= 3 && t.find(" | ", lead + 1) != std::string_view::npos)))
    return true;
  // The last line of a cell that a line break split: the row closes with " |".
  if (t.size() > 2 && t.back() == '|' && t[t.size() - 2] == ' ') return true;
  if (RE2::PartialMatch(line, kHeading) || RE2::PartialMatch(line, kMermaidEdge)) return true;
  return list_item(line);
}

bool info_level(std::string_view first_line) {
  static const RE2 kKlog(R"re(^[ID]\d{4} \d\d:\d\d:\d\d)re");
  static const RE2 kField(
      R"re((?:"(?:level|lvl|severity|log\.level)"\s*:\s*"|\b(?:level|lvl|severity)=)(?i:info|information|debug|trace|verbose)\b)re");
  static const RE2 kWord(R"re((?:^|[\s\[|(])(?:INFO|DEBUG|TRACE|info|dbug|trce)(?:[\]|):]|\s))re");
  // The Azure SDK for JavaScript's logger: `azure:identity:info`,
  // `azure:core-rest-pipeline:verbose`.
  static const RE2 kAzureJs(R"re((?:^|\s)azure:[a-z-]+:(?:info|verbose)\s)re");
  std::string_view head = first_line.substr(0, std::min<size_t>(first_line.size(), 80));
  return RE2::PartialMatch(first_line, kKlog) || RE2::PartialMatch(first_line, kField) ||
         RE2::PartialMatch(head, kWord) || RE2::PartialMatch(head, kAzureJs);
}

// An error envelope: a field, status or type that only a failure carries, az's "(Code) Message"
// among them, and a Warning event as `kubectl describe` lists it.
bool error_envelope(std::string_view record) {
  static const RE2 kEnvelope(
      R"re(error_description|"error_codes"|(?i:\berr(?:or)?)\s*[=:]|"(?:err|error|errorMessage|exception)"\s*:|\b[Cc]ode\s*[=:]\s*["']?[A-Z]|RESPONSE\s+[45]\d\d|\bStatus(?:Code)?\s*[=:]\s*[45]\d\d|\\?"(?:status|statusCode|httpStatusCode)\\?"\s*:\s*[45]\d\d|(?i:status code)\s*(?:was\s*)?:?\s*[45]\d\d|HTTP/[0-9.]+"?\s+[45]\d\d|\b[A-Z][A-Za-z]+(?:Exception|Error)\b|(?:^|[\s:])\([A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+\)\s+[A-Z]|Traceback \(most recent|\b(?:level|lvl)=(?i:error|warn|warning|fatal|crit)\b|"(?:level|lvl|severity)"\s*:\s*"(?i:error|warn|warning|fatal|critical)"|^[EWF]\d{4} \d\d:|(?:^|\n)[\s>]*Warning {2,}[A-Z][A-Za-z]+ {2,})re");
  return RE2::PartialMatch(record, kEnvelope);
}

// One entry of an Azure SDK credential chain on the matched line (.NET prints the chain as a
// bullet list, one credential a line). Judged on the line only: a runbook's bullet list of
// symptoms may name such an entry on another line.
bool credential_entry(std::string_view line) {
  static const RE2 kEntry(
      R"re(\b[A-Z][A-Za-z]*Credential(?::| authentication (?:unavailable|failed)))re");
  return RE2::PartialMatch(line, kEntry);
}

// A word only a failure report uses; enough to keep an info-level record.
bool error_word(std::string_view record) {
  static const RE2 kWord(
      R"re((?i)\b(?:err|error|failed|failure|fail|denied|unauthorized|forbidden|exception|invalid|unable|cannot|refused|rejected)\b)re");
  return RE2::PartialMatch(record, kWord);
}

}  // namespace

const char* context_verdict_name(ContextVerdict v) {
  switch (v) {
    case ContextVerdict::kError:
      return "error";
    case ContextVerdict::kCount:
      return "count";
    case ContextVerdict::kSourceCode:
      return "source-code";
    case ContextVerdict::kDiff:
      return "diff";
    case ContextVerdict::kInfoLevel:
      return "info-level";
    case ContextVerdict::kDocShape:
      return "doc-shape";
    case ContextVerdict::kHypothetical:
      return "hypothetical";
  }
  return "?";
}

ContextVerdict judge_error_context(std::string_view record, size_t begin, size_t end,
                                   std::string_view lead_in, std::string_view section) {
  end = std::min(end, record.size());
  begin = std::min(begin, end);
  // A pattern may open with a boundary class ("(?:^|[^A-Za-z])AuthorizationFailed"): judge from
  // the first word character, and around the first word (the code or keyword).
  while (begin < end && !is_word(record[begin])) ++begin;
  size_t word_end = begin;
  while (word_end < record.size() && is_word(record[word_end])) ++word_end;
  size_t line_start = record.rfind('\n', begin == 0 ? 0 : begin - 1);
  line_start = (line_start == std::string_view::npos || begin == 0) ? 0 : line_start + 1;
  size_t line_end = record.find('\n', begin);
  if (line_end == std::string_view::npos) line_end = record.size();
  const std::string_view line = record.substr(line_start, line_end - line_start);
  const std::string_view before = tail(record.substr(line_start, begin - line_start), kNearBytes);
  const std::string_view after = record.substr(word_end, std::min(kNearBytes, line_end - word_end));

  if (negated_before(before) || counted_after(after) || metric_sample(line))
    return ContextVerdict::kCount;
  // A definition may follow the first word (a code) or, for a longer match, the whole message.
  const std::string_view after_match =
      end > word_end && end < line_end ? record.substr(end, std::min(kNearBytes, line_end - end))
                                       : std::string_view();
  if (hypothetical_before(before) || hypothetical_lead_in(lead_in) || defined_after(after) ||
      (!after_match.empty() && defined_after(after_match)) ||
      documenting_section(section, record, record.substr(begin, word_end - begin)))
    return ContextVerdict::kHypothetical;
  // A literal closes where its line ends, however long the message in it.
  const std::string_view rest = record.substr(word_end, line_end - word_end);
  if (source_literal(before, after) || message_literal(before, rest) ||
      (field_literal(before, rest) && !inspected_error(record.substr(0, line_start))) ||
      line_comment(line) || shell_assignment(line) || const_declaration(line) ||
      template_literal(record.substr(line_start, begin - line_start)) || chained_call(line) ||
      union_member(line))
    return ContextVerdict::kSourceCode;
  if (diff_line(line)) return ContextVerdict::kDiff;
  if (link_text(before, rest)) return ContextVerdict::kDocShape;
  if (code_list(before, after)) return ContextVerdict::kCount;
  // The envelope is asked only when a weak sign needs outweighing: a retrying controller's log is
  // mostly matched records, and the envelope pattern reads the whole record.
  auto envelope = [&] { return error_envelope(record) || credential_entry(line); };
  size_t first_end = record.find('\n');
  std::string_view first = record.substr(0, first_end);
  // An item of a Markdown list wrapped onto indented lines: the wrapped line is still the item.
  const bool item_line = line_start > 0 && list_item(first);
  // A Normal event as `kubectl describe` lists it (quoted in an issue, too): the event's own type
  // says nothing failed; a Warning event is an envelope.
  static const RE2 kNormalEvent(R"re(^[\s>]*Normal {2,}[A-Z][A-Za-z]+ {2,})re");
  if (RE2::PartialMatch(first, kNormalEvent)) return ContextVerdict::kInfoLevel;
  if ((doc_shape(line) || item_line || bare_table_row(line, before, after) ||
       cited_code(before, after)) &&
      !envelope())
    return ContextVerdict::kDocShape;
  first = first.substr(0, std::min(first.size(), kHeadBytes));
  // A credential chain's entry does not outweigh an info level: chains log each credential they
  // pass over at info (@azure/identity's "azure:identity:info … is unavailable").
  if (info_level(first) && !error_word(record) && !error_envelope(record))
    return ContextVerdict::kInfoLevel;
  return ContextVerdict::kError;
}

}  // namespace wid
