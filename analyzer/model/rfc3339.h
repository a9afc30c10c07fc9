// RFC 3339 times as numbers, so the checks can measure how long after a record was created a
// failure came (token validity, propagation windows).
#pragma once

#include <optional>
#include <string_view>

namespace wid {

// Seconds since 1970 of an RFC 3339 time: "2026-11-28T11:40:28Z", with or without fractions, with
// "Z" or an offset such as "+00:00" (az writes both). nullopt when it does not parse.
std::optional<long long> rfc3339_seconds(std::string_view t);

}  // namespace wid
