// PEM files (sa.pub, sa.key, certificates): one PemKey per block with its type and, for keys and
// certificates, the kid Kubernetes would give the public key and its SubjectPublicKeyInfo DER (to
// verify tokens with). Private key material is decoded only to derive the public half and is
// never kept.
#pragma once

#include <string_view>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/result.h"

namespace wid {

// Errors: kParse when no complete BEGIN/END block is found.
Result<std::vector<PemKey>> parse_pem(std::string_view text, const SourceRef& source);

// The InputFile type for a set of blocks: pem/private-key when any block is private, else
// pem/public-key, else pem/certificate; empty when none applies (e.g. only a CSR).
std::string pem_file_type(const std::vector<PemKey>& keys);

}  // namespace wid
