// Fix and detail templates: {name} placeholders filled from a finding's values, and fix commands
// rendered so that no value a shell would act on is ever pasted into one.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wid {

// Fills {name} placeholders from captures. A name with no value becomes <NAME> (upper case) and is
// appended to missing (once). Literal <PLACEHOLDERS> in the template are also listed in missing.
std::string render_template(const std::string& tmpl,
                            const std::map<std::string, std::string>& captures,
                            std::vector<std::string>* missing);
// render_template() for a fix command someone will paste into a shell. Each {name} is judged in
// the quoting it sits in (none, '...', "..."): a value that would end the quotes or that the shell
// would act on there (quotes, $ ` \ ; & | < > ( ) { } [ ] * ? ! and spaces unquoted; ' in single
// quotes; " $ ` \ ! in double quotes; controls and non-ASCII anywhere) is withheld: it stays
// <NAME> and is listed in missing, so a command never carries text from a log line that runs
// when pasted. The finding's detail and evidence still show the value.
std::string render_command(const std::string& tmpl,
                           const std::map<std::string, std::string>& captures,
                           std::vector<std::string>* missing);
enum class ShellQuote { kNone, kSingle, kDouble };
bool is_shell_inert(std::string_view value, ShellQuote quote = ShellQuote::kNone);

// The {name} placeholders of a template, in order of first use (what the catalog loader checks
// against the values a check declares it fills).
std::vector<std::string> template_placeholders(const std::string& tmpl);

}  // namespace wid
