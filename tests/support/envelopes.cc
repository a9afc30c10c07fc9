// Test support: the envelopes a log rule's text must survive (see envelopes.h). Every fixed value
// (times, ids, names) is a constant so the output is byte-for-byte reproducible, and every piece of
// envelope text is neutral: it names no Entra/ARM error of its own, so a counterexample wrapped in
// an envelope stays a counterexample.
#include "tests/support/envelopes.h"

#include <cstdint>
#include <cstdio>

namespace wid::test {
namespace {

constexpr std::string_view kKlogHeader = "E1128 17:42:45.123456       1 controller.go:324] ";
constexpr std::string_view kKlogKeys =
    "controller=\"azurecluster\" controllerGroup=\"infrastructure.cluster.x-k8s.io\" "
    "controllerKind=\"AzureCluster\" AzureCluster=\"default/capz-e2e\" namespace=\"default\" "
    "name=\"capz-e2e\" reconcileID=\"5e8a0f0c-8d8a-4a53-9f7e-0b1b2c3d4e5f\"";
constexpr std::string_view kTraceId = "0c8e2f1a-6b7d-4c1e-9a3b-2d4f6e8a0b1c";
constexpr std::string_view kCorrelationId = "7f3e9d2c-1a4b-4e6f-8c0d-5b7a9e1f3d2c";

// Decodes one UTF-8 sequence at s[i]. Returns its length (0 when invalid) and the code point.
size_t decode_utf8(std::string_view s, size_t i, uint32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, *cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, *cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, *cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

std::string hex(uint32_t v, int digits, bool upper) {
  char buf[16];
  std::snprintf(buf, sizeof buf, upper ? "%0*X" : "%0*x", digits, v);
  return buf;
}

// Lines of msg with continuation lines prefixed by indent (the raw-text envelopes' way of keeping
// a multi-line message one record).
std::string indent_continuations(std::string_view msg, std::string_view indent) {
  std::string out;
  bool first = true;
  for (const auto& line : split_lines(msg)) {
    if (!first) {
      out += '\n';
      out += indent;
    }
    out += line;
    first = false;
  }
  return out;
}

// The lines of msg without the empty last line a trailing '\n' leaves.
std::vector<std::string> content_lines(std::string_view msg) {
  auto lines = split_lines(msg);
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string zap_json_line(std::string_view msg) {
  return "{\"level\":\"error\",\"ts\":1732815765.1234567,\"logger\":"
         "\"controllers.FederatedIdentityCredentialController\",\"msg\":\"Reconciler error\","
         "\"name\":\"capz-e2e-fic\",\"namespace\":\"default\",\"reconcileID\":"
         "\"5e8a0f0c-8d8a-4a53-9f7e-0b1b2c3d4e5f\",\"error\":\"" +
         json_escape(msg) + "\"}";
}

// Entra's token-endpoint error body for msg: the description ends with the trace lines, joined
// by \r\n as older Entra answers are; error_codes only when the message carries a code.
std::string entra_body(std::string_view msg) {
  std::string desc;
  for (const auto& line : content_lines(msg)) {
    std::string_view l = line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (!desc.empty()) desc += "\r\n";
    desc += l;
  }
  desc += "\r\nTrace ID: ";
  desc += kTraceId;
  desc += "\r\nCorrelation ID: ";
  desc += kCorrelationId;
  desc += "\r\nTimestamp: 2024-11-28 17:42:45Z";
  std::string body =
      "{\"error\":\"invalid_client\",\"error_description\":\"" + json_escape(desc) + "\"";
  const std::string code = aadsts_code(msg);
  if (!code.empty()) body += ",\"error_codes\":[" + code + "]";
  body += ",\"timestamp\":\"2024-11-28 17:42:45Z\",\"trace_id\":\"";
  body += kTraceId;
  body += "\",\"correlation_id\":\"";
  body += kCorrelationId;
  body += "\"";
  if (!code.empty())
    body += ",\"error_uri\":\"https://login.microsoftonline.com/error?code=" + code + "\"";
  body += "}";
  return body;
}

std::string dotnet_exception(std::string_view msg) {
  return "Unhandled exception. Azure.Identity.AuthenticationFailedException: "
         "ClientAssertionCredential authentication failed: " +
         indent_continuations(msg, "   ") +
         "\n"
         "See the troubleshooting guide for more information. "
         "https://aka.ms/azsdk/net/identity/clientassertioncredential/troubleshoot\n"
         " ---> MSAL.NetCore.4.61.3.0.MsalServiceException:\n"
         "\tErrorCode: invalid_request\n"
         "   at Microsoft.Identity.Client.Internal.Requests.RequestBase."
         "HandleTokenRefreshErrorAsync(MsalServiceException e)\n"
         "   at Microsoft.Identity.Client.Internal.Requests.ClientCredentialRequest."
         "ExecuteAsync(CancellationToken cancellationToken)\n"
         "\tStatusCode: 400\n"
         "   --- End of inner exception stack trace ---\n"
         "   at Azure.Identity.CredentialDiagnosticScope.FailWrapAndThrow(Exception ex, "
         "String additionalMessage, Boolean isCredentialUnavailable)\n"
         "   at Azure.Identity.ClientAssertionCredential.GetTokenAsync(TokenRequestContext "
         "requestContext, CancellationToken cancellationToken)\n";
}

// --- the envelopes ---

std::string plain(std::string_view msg) {
  std::string out(msg);
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

std::string klog_err_quoted(std::string_view msg) {
  return std::string(kKlogHeader) + "\"Reconciler error\" err=\"" + go_quote(msg) + "\" " +
         std::string(kKlogKeys) + "\n";
}

// Controllers log a failure they will retry at info level, the error in err= (CAPZ's "will retry"
// lines): the level alone must not hide the error.
std::string klog_info_retry(std::string_view msg) {
  return "I1128 11:40:28.118734       1 azuremachine_controller.go:312] \"will retry\" err=\"" +
         go_quote(msg) + "\" " + std::string(kKlogKeys) + "\n";
}

std::string klog_block(std::string_view msg, std::string_view indent) {
  std::string out = std::string(kKlogHeader) + "\"Reconciler error\" err=<\n";
  for (const auto& line : content_lines(msg)) {
    out += indent;
    out += line;
    out += '\n';
  }
  out += " > ";
  out += kKlogKeys;
  out += '\n';
  return out;
}

std::string klog_err_block_spaces(std::string_view msg) { return klog_block(msg, "        "); }
std::string klog_err_block_tab(std::string_view msg) { return klog_block(msg, "\t"); }

std::string controller_runtime_v0(std::string_view msg) {
  return "E1120 02:24:02.293541       1 controller.go:257] controller-runtime/controller "
         "\"msg\"=\"Reconciler error\" \"error\"=\"" +
         json_escape(msg) +
         "\" \"controller\"=\"azurecluster\" \"name\"=\"capz-e2e\" \"namespace\"=\"default\"\n";
}

std::string cri_klog(std::string_view msg) {
  return "2024-11-28T17:42:45.123456789Z stderr F " + klog_err_quoted(msg);
}

std::string logrus_text(std::string_view msg) {
  return "time=\"2024-11-28T17:42:45Z\" level=error msg=\"failed to acquire token\" error=\"" +
         go_quote(msg) + "\"\n";
}

std::string zap_json(std::string_view msg) { return zap_json_line(msg) + "\n"; }

std::string json_in_json(std::string_view msg) {
  return "{\"level\":\"error\",\"ts\":\"2024-11-28T17:42:45.123Z\",\"logger\":"
         "\"controllers.UserAssignedIdentityController\",\"msg\":\"token request failed\","
         "\"name\":\"capz-e2e-identity\",\"namespace\":\"default\",\"statusCode\":400,\"body\":\"" +
         json_escape(entra_body(msg)) + "\"}\n";
}

std::string html_numeric_json(std::string_view msg) {
  return html_escape_numeric(zap_json_line(msg)) + "\n";
}

std::string html_named_json(std::string_view msg) {
  return html_escape_named(zap_json_line(msg)) + "\n";
}

std::string dotnet_json(std::string_view msg) {
  return "{\"EventId\":0,\"LogLevel\":\"Error\",\"Category\":\"Worker\",\"Message\":"
         "\"Token acquisition failed\",\"Exception\":\"" +
         json_escape(dotnet_exception(msg), JsonEscape::kDotNet) +
         "\",\"State\":{\"Message\":\"Token acquisition failed\",\"{OriginalFormat}\":"
         "\"Token acquisition failed\"}}\n";
}

std::string dotnet_exception_text(std::string_view msg) { return dotnet_exception(msg); }

std::string java_log(std::string_view msg) {
  return "2024-11-28 17:42:45.123 [ForkJoinPool.commonPool-worker-1] ERROR "
         "com.azure.identity.ClientAssertionCredential - Azure Identity => ERROR in getToken() "
         "call for scopes [https://management.azure.com/.default]: " +
         indent_continuations(msg, "\t") +
         "\n"
         "com.microsoft.aad.msal4j.MsalServiceException: " +
         indent_continuations(msg, "\t") +
         "\n"
         "\tat com.microsoft.aad.msal4j.MsalServiceExceptionFactory.fromHttpResponse("
         "MsalServiceExceptionFactory.java:45)\n"
         "\tat com.microsoft.aad.msal4j.TokenRequestExecutor.createAuthenticationResultFromOauth"
         "HttpResponse(TokenRequestExecutor.java:119)\n"
         "\tat com.azure.identity.implementation.IdentityClient.lambda$authenticateWith"
         "ConfidentialClient$10(IdentityClient.java:470)\n";
}

std::string python_traceback(std::string_view msg) {
  return "Traceback (most recent call last):\n"
         "  File \"/app/main.py\", line 14, in <module>\n"
         "    token = credential.get_token(\"https://management.azure.com/.default\")\n"
         "  File \"/usr/local/lib/python3.11/site-packages/azure/identity/_internal/"
         "get_token_mixin.py\", line 117, in get_token\n"
         "    token = self._request_token(*scopes, claims=claims, tenant_id=tenant_id, **kwargs)\n"
         "azure.core.exceptions.ClientAuthenticationError: WorkloadIdentityCredential: "
         "Microsoft Entra ID error '(invalid_client) " +
         indent_continuations(msg, "  ") + "'\n";
}

std::string js_error(std::string_view msg) {
  const std::string code = aadsts_code(msg);
  std::string head = "AuthenticationRequiredError: invalid_request: ";
  if (!code.empty()) head += code + " - [2024-11-28 17:42:45Z]: ";
  return head + indent_continuations(msg, "    ") +
         "\n"
         "    at MsalNode.handleError (/app/node_modules/@azure/identity/dist/index.js:1530:20)\n"
         "    at MsalNode.getTokenByClientAssertion (/app/node_modules/@azure/identity/dist/"
         "index.js:1889:24)\n"
         "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n";
}

std::string describe_condition(std::string_view msg) {
  const std::string value_indent(27, ' ');
  return "Name:         capz-e2e\n"
         "Namespace:    default\n"
         "API Version:  infrastructure.cluster.x-k8s.io/v1beta1\n"
         "Kind:         AzureCluster\n"
         "Status:\n"
         "  Conditions:\n"
         "    Last Transition Time:  2024-11-28T17:42:45Z\n"
         "    Message:               group failed to create or update. err: " +
         indent_continuations(msg, value_indent) +
         "\n"
         "    Reason:                Failed\n"
         "    Severity:              Error\n"
         "    Status:                False\n"
         "    Type:                  NetworkInfrastructureReady\n"
         "Events:                     <none>\n";
}

std::string describe_event(std::string_view msg) {
  const std::string value_indent(72, ' ');
  return "Events:\n"
         "  Type     Reason        Age                 From                   Message\n"
         "  ----     ------        ----                ----                   -------\n"
         "  Normal   ScalingUp     4m2s                deployment-controller  Scaled up replica "
         "set app-7d9c8b6f5 to 1\n"
         "  Warning  FailedCreate  61s (x15 over 4m2s)  replicaset-controller  Error creating: " +
         indent_continuations(msg, value_indent) + "\n";
}

std::string terraform_box(std::string_view msg) {
  std::string out =
      "\xE2\x95\xB7\n"  // ╷
      "\xE2\x94\x82 Error: building account: could not acquire access token to parse claims\n"
      "\xE2\x94\x82 \n"
      "\xE2\x94\x82   with provider[\"registry.terraform.io/hashicorp/azurerm\"],\n"
      "\xE2\x94\x82   on main.tf line 12, in provider \"azurerm\":\n"
      "\xE2\x94\x82   12: provider \"azurerm\" {\n"
      "\xE2\x94\x82 \n";
  // Terraform word-wraps each detail line at the terminal width (78 columns when not a tty,
  // less the two-column rule) and leaves lines that start with a space as they are.
  for (const auto& line : content_lines(msg)) {
    if (!line.empty() && line[0] == ' ') {
      out += "\xE2\x94\x82 " + line + "\n";
      continue;
    }
    for (const auto& piece : word_wrap(line, 76)) out += "\xE2\x94\x82 " + piece + "\n";
  }
  out += "\xE2\x95\xB5\n";  // ╵
  return out;
}

std::string terraform_summary(std::string_view msg) {
  std::string out = "\xE2\x95\xB7\n";
  bool first = true;
  for (const auto& line : content_lines(msg)) {
    out += first ? "\xE2\x94\x82 Error: " : "\xE2\x94\x82 ";
    out += line;
    out += '\n';
    first = false;
  }
  out += "\xE2\x94\x82 \n\xE2\x95\xB5\n";
  return out;
}

}  // namespace

const std::vector<Envelope>& all_envelopes() {
  static const std::vector<Envelope> envelopes = {
      {"plain", "the message as written", plain},
      {"klog-err-quoted", "structured klog (2023+): \"Reconciler error\" err=\"<Go %q>\"",
       klog_err_quoted},
      {"klog-err-block", "klog multi-line value err=< as pasted (tab shown as 8 spaces)",
       klog_err_block_spaces},
      {"klog-err-block-tab", "klog multi-line value err=< as klog writes it (tab, then \" >\")",
       klog_err_block_tab},
      {"controller-runtime-v0",
       "controller-runtime <= 0.14 klogr: \"msg\"=\"Reconciler error\" \"error\"=\"<JSON>\"",
       controller_runtime_v0},
      {"cri-klog", "a container runtime log line (CRI framing) around a klog err=\"...\" line",
       cri_klog},
      {"klog-info-retry", "klog info line: a failure logged for retry, the error in err=\"...\"",
       klog_info_retry},
      {"logrus", "logrus text formatter: level=error msg=... error=\"<Go %q>\"", logrus_text},
      {"zap-json", "controller-runtime zap JSON line with the message in \"error\"", zap_json},
      {"json-in-json",
       "an Entra token-endpoint JSON body (\\r\\n-joined description) as a string inside a JSON "
       "log line",
       json_in_json},
      {"html-numeric", "a zap JSON line HTML-escaped by Go html/template (&#34; &#39; &#43;)",
       html_numeric_json},
      {"html-named", "a zap JSON line HTML-escaped with named entities (&quot; &amp;)",
       html_named_json},
      {"dotnet-json",
       ".NET JSON console logging (System.Text.Json: \\u0022 \\u0027 \\u002B) of an exception",
       dotnet_json},
      {"dotnet-exception",
       ".NET Azure.Identity AuthenticationFailedException with the inner MSAL.NET exception",
       dotnet_exception_text},
      {"java", "Java azure-identity log line and the msal4j exception with its stack", java_log},
      {"python", "Python traceback ending in azure-identity's ClientAuthenticationError",
       python_traceback},
      {"js", "JavaScript @azure/identity AuthenticationRequiredError with its stack", js_error},
      {"describe-condition", "kubectl describe: a status condition's Message", describe_condition},
      {"describe-event", "kubectl describe: a Warning event's Message", describe_event},
      {"terraform-box", "Terraform diagnostic box with the message word-wrapped in the detail",
       terraform_box},
      {"terraform-summary", "Terraform diagnostic box with the message as the summary line",
       terraform_summary},
  };
  return envelopes;
}

const Envelope* find_envelope(std::string_view name) {
  for (const auto& e : all_envelopes()) {
    if (name == e.name) return &e;
  }
  return nullptr;
}

std::string go_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t len = decode_utf8(s, i, &cp);
    if (len == 0) {  // invalid UTF-8: Go prints the byte
      out += "\\x" + hex(static_cast<unsigned char>(s[i]), 2, false);
      ++i;
      continue;
    }
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        if (cp < 0x20 || cp == 0x7F) {
          out += "\\x" + hex(cp, 2, false);
        } else if (cp >= 0x80 && cp < 0xA0) {
          out += "\\u" + hex(cp, 4, false);
        } else {
          out.append(s.substr(i, len));
        }
    }
    i += len;
  }
  return out;
}

std::string json_escape(std::string_view s, JsonEscape style) {
  const bool dotnet = style == JsonEscape::kDotNet;
  const bool html = style != JsonEscape::kGo;
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t len = decode_utf8(s, i, &cp);
    if (len == 0) {  // invalid UTF-8: encoding/json and zap write U+FFFD
      out += dotnet ? "\\uFFFD" : "\\ufffd";
      ++i;
      continue;
    }
    switch (cp) {
      case '"':
        out += dotnet ? "\\u0022" : "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (cp < 0x20 || cp == 0x7F || (html && (cp == '<' || cp == '>' || cp == '&'))) {
          out += "\\u" + hex(cp, 4, dotnet);
        } else if (dotnet && (cp == '\'' || cp == '+' || cp == '`')) {
          out += "\\u" + hex(cp, 4, true);
        } else if (dotnet && cp >= 0x80) {
          if (cp >= 0x10000) {  // UTF-16 surrogate pair
            const uint32_t v = cp - 0x10000;
            out += "\\u" + hex(0xD800 + (v >> 10), 4, true);
            out += "\\u" + hex(0xDC00 + (v & 0x3FF), 4, true);
          } else {
            out += "\\u" + hex(cp, 4, true);
          }
        } else if (!dotnet && (cp == 0x2028 || cp == 0x2029)) {
          out += "\\u" + hex(cp, 4, false);
        } else {
          out.append(s.substr(i, len));
        }
    }
    i += len;
  }
  return out;
}

std::string html_escape_numeric(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '+':
        out += "&#43;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_escape_named(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    const size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.emplace_back(s.substr(start));
      break;
    }
    lines.emplace_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::vector<std::string> word_wrap(std::string_view s, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  bool first_word = true;
  while (start <= s.size()) {
    size_t sp = s.find(' ', start);
    if (sp == std::string_view::npos) sp = s.size();
    const std::string_view word = s.substr(start, sp - start);
    if (first_word) {
      line = word;
      first_word = false;
    } else if (line.size() + 1 + word.size() > width && !line.empty()) {
      lines.push_back(line);
      line = word;
    } else {
      line += ' ';
      line += word;
    }
    start = sp + 1;
  }
  lines.push_back(line);
  return lines;
}

std::string aadsts_code(std::string_view s) {
  for (size_t pos = s.find("AADSTS"); pos != std::string_view::npos;
       pos = s.find("AADSTS", pos + 1)) {
    size_t end = pos + 6;
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    if (end > pos + 6) return std::string(s.substr(pos + 6, end - pos - 6));
  }
  return "";
}

}  // namespace wid::test
