// RFC 3339 to seconds: the forms az, ARM, klog-with-year and Entra write.
#include "analyzer/model/rfc3339.h"

#include <gtest/gtest.h>

namespace wid {
namespace {

TEST(Rfc3339Seconds, ZuluFractionsAndOffsetsAgree) {
  // date -u -d 2026-11-28T11:40:28Z +%s
  EXPECT_EQ(rfc3339_seconds("2026-11-28T11:40:28Z"), 1795866028LL);
  EXPECT_EQ(rfc3339_seconds("2026-11-28T11:40:28.3451933Z"), 1795866028LL);
  EXPECT_EQ(rfc3339_seconds("2026-11-28T11:40:28.417346+00:00"), 1795866028LL);
  EXPECT_EQ(rfc3339_seconds("2026-11-28T12:40:28+01:00"), 1795866028LL);
  EXPECT_EQ(rfc3339_seconds("1970-01-01T00:00:00Z"), 0LL);
  EXPECT_EQ(rfc3339_seconds("2024-02-29T00:00:00Z"), 1709164800LL);
}

TEST(Rfc3339Seconds, AnythingElseIsRejected) {
  for (const char* bad : {"", "2026-11-28", "2026-11-28T11:40:28", "2026-13-28T11:40:28Z",
                          "2026-11-28T11:40:28Zjunk", "2026-11-28T11:40:28+0100", "11-28T11:40:28"})
    EXPECT_FALSE(rfc3339_seconds(bad).has_value()) << bad;
}

}  // namespace
}  // namespace wid
