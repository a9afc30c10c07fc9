// Catalog stage 2, validation: each entry's values (ids, group, severity, kind, hop, confidence,
// components, derive conditions), then what holds across entries and files (unique ids and
// aliases, derived ids that exist) and between the catalog and the checks of rules/checks/ (the
// captures a check reads exist, the placeholders of its entries are values it fills).
#pragma once

#include <vector>

#include "rules/catalog_reader.h"
#include "rules/checks/check.h"

namespace wid {

// One file's entries, after reading: parses severity and kind, checks every value.
void validate_entries(std::vector<CatalogEntry>& entries, LoadErrors& errors);

// Every file's entries, after compiling: unique ids and aliases, derived ids that exist, log
// rules with patterns or a deriver, and validate_check_declarations over `checks`.
void validate_catalog(const std::vector<CatalogEntry>& entries, const std::vector<CheckDef>& checks,
                      LoadErrors& errors);

// For each user (--rules) entry: fix commands that run one command only (no $( ` ; && || > <,
// pipes only into read-only filters), words without terminal controls or direction overrides,
// https:// docs, and a bound on how many rules and how much compiled pattern a pack may bring.
void validate_user_entries(const std::vector<CatalogEntry>& entries, LoadErrors& errors);
// For each built-in entry: every read a check declares of that rule names a capture its patterns
// define, and every {placeholder} of a `kind: check` entry's detail, fix summary and fix commands
// is a value each check reporting it declares it fills. <NAME> in a template is left for the
// user on purpose and is not checked.
void validate_check_declarations(const std::vector<CatalogEntry>& entries,
                                 const std::vector<CheckDef>& checks, LoadErrors& errors);

// Every entry's `wraps`, resolved into `wrapped` (the log rules it names): each item is a rule id
// or alias, `group:NAME` or an id prefix ending in `*`, names at least one log rule other than
// the wrapper, and no two rules wrap each other; only a log rule may wrap.
void resolve_wraps(std::vector<CatalogEntry>& entries, LoadErrors& errors);

}  // namespace wid
