// Content sniffing: any bytes, under any of the paths a bundle uses, classify without crashing,
// and the classification depends on the bytes alone (the path only names a log's component).
#include "collectors/bundle/sniff.h"

#include "analyzer/model/limits.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view head = wid::fuzz::bytes(data, size).substr(0, wid::limits::kSniffBytes);
  wid::Sniffed a = wid::sniff("logs/capz-system/capz-controller-manager/manager.log", head);
  wid::Sniffed b = wid::sniff("cluster/objects/pod/default/x.yaml", head);
  wid::fuzz::require(a.family == b.family);
  return 0;
}
