#include "analyzer/model/result.h"

namespace wid {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kUnreadable:
      return "unreadable";
    case ErrorCode::kParse:
      return "parse";
    case ErrorCode::kLimit:
      return "limit";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  std::string s;
  if (!where.path.empty()) s = where.to_string() + ": ";
  return s + message;
}

}  // namespace wid
