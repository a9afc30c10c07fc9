// Errors as values at boundaries: parsers, collectors and loaders return Result<T>.
// A small set of codes says what the caller should do (Abseil-style), the message says why.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "analyzer/model/source_ref.h"

namespace wid {

enum class ErrorCode {
  kInvalidArgument,  // the user asked for something malformed (usage)
  kNotFound,         // a path or object that should exist does not
  kUnreadable,       // exists but cannot be read or decoded (I/O, bad archive, bad encoding)
  kParse,            // read fine, but the content does not parse
  kLimit,            // a bound from limits.h was hit
  kUnsupported,      // a format or feature we deliberately do not handle
  kInternal,         // a bug
};

const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  SourceRef where;

  std::string to_string() const;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

inline Error make_error(ErrorCode code, std::string message, SourceRef where = {}) {
  return Error{code, std::move(message), std::move(where)};
}

}  // namespace wid
