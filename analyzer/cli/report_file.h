// Writes one report file so that a reader never sees half of it: the bytes go to a temporary file
// in the same directory, are synced, and are renamed over PATH only when complete. On any failure
// the temporary file is removed and PATH is left as it was (absent, or the older report). A path
// that is a device or a FIFO (/dev/null, /dev/stdout, a named pipe) cannot be replaced by a
// rename, so it is written in place, every write and the close checked. A symlink at PATH is
// refused: a planted link must not redirect a report onto another file.
#pragma once

#include <string>

#include "analyzer/model/result.h"

namespace wid {

Status write_report_file(const std::string& path, const std::string& data);

}  // namespace wid
