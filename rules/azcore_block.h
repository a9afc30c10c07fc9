// Go azcore's ResponseError (azcore/internal/exported/response_error.go), as a user pastes it or a
// program prints it with its line breaks, is one record:
//
//   failed to fetch key: GET https://my-vault.vault.azure.net/keys/sops/
//   --------------------------------------------------------------------------------
//   RESPONSE 403: 403 Forbidden
//   ERROR CODE: Forbidden
//   --------------------------------------------------------------------------------
//   {
//     "error": { "code": "Forbidden", "message": "…" }
//   }
//   --------------------------------------------------------------------------------
//
// Read line by line, the request (which resource), the status, the error code and the body
// (why) were five records, so no rule saw the service's address beside its 403, and
// "RESPONSE 403: 403 Forbidden" never met "ERROR CODE: AuthorizationFailed". Every Go client on
// the new SDK prints its errors this way: CAPZ, ASO, external-dns, sops, Velero's plugin.
#pragma once

#include <string_view>

namespace wid {

// A line of 80 dashes, azcore's separator (spaces after it allowed: pastes keep them).
bool azcore_separator(std::string_view line);

class AzcoreBlock {
 public:
  // Whether line goes on the record whose last line so far is last (the record is not empty).
  // A block opens at its first separator under a request line ("… GET https://…"), at the
  // status line right under the request when a paste dropped the separator, or at "ERROR CODE"
  // under "RESPONSE 403: …" when a paste starts at the status. It takes the status
  // lines, then a body whose lines are a JSON document as json.Indent writes it (or "Response
  // contained no body"), and ends at its third separator; any other line ends it early, so a cut
  // paste never swallows what follows.
  bool joins(std::string_view last, std::string_view line);
  void reset() { separators_ = 0; }
  // Cheap: false for nearly every line, so the scanner looks up the record's last line only
  // when a block is open or this line may open one.
  bool may_join(std::string_view line) const {
    return separators_ > 0 || line.starts_with("ERROR CODE") || line.starts_with("RESPONSE ") ||
           azcore_separator(line);
  }

 private:
  int separators_ = 0;  // seen in the open block; 0 when none is open
};

}  // namespace wid
