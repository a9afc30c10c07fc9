// The built-in catalog, read and checked at build time and carried in the binary as a compact
// serialization of its Rules. Loading it at run time is a copy of strings: no YAML parse, no
// validation, no RE2 compile checks, which took three quarters of `rules list`'s start-up
// (bench/README.md, "Start-up"). User packs (--rules DIR) still go through the YAML loader, and
// then the built-in YAML goes with them so one validation sees every id and wrapper.
//
// The blob is written and read by the same revision (rules/generate/catalog_blob_gen.cc at build
// time), so it has no versioning; the reader still checks every length it reads.
#pragma once

#include <string>
#include <string_view>

#include "analyzer/model/result.h"
#include "rules/catalog.h"

namespace wid {

std::string write_catalog_blob(const Catalog& catalog);
Result<Catalog> read_catalog_blob(std::string_view blob);

}  // namespace wid
