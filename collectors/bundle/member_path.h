// Names of files inside an archive become evidence paths. A name is accepted only when it is
// plainly relative and stays inside the archive: `../`, absolute paths (`/etc/x`, `C:\x`,
// `\\server\share`) and over-long names are refused. Nothing is ever written to disk, but a
// refused name is reported so the user sees that the archive holds something odd.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/model/result.h"

namespace wid {

// "./a//b/./c" -> "a/b/c". An empty result means the name is a directory ("./"). Errors
// (kUnsupported) say why a name is refused; the message never repeats the name.
Result<std::string> normalize_member_path(std::string_view raw);

// Joins a prefix ("" or "bundle.tar.gz") and a relative path with '/'.
std::string join_path(std::string_view prefix, std::string_view rel);

// The last path component ('/' separated).
std::string base_name(std::string_view path);

}  // namespace wid
