// Catalog stage 3, compiling: every pattern and condition through RE2 (log_errors=false, memory
// and program size bounded), the named captures each entry's patterns define, and the id/alias
// index of the finished Catalog.
#pragma once

#include <vector>

#include "rules/catalog_reader.h"

namespace wid {

// Compiles one file's entries: fills CatalogEntry::captures; regex errors and derive conditions
// naming a capture no pattern defines go to errors.
void compile_entries(std::vector<CatalogEntry>& entries, LoadErrors& errors);

// The catalog of the (valid) entries, indexed by id and alias.
Catalog index_catalog(std::vector<CatalogEntry>&& entries);

}  // namespace wid
