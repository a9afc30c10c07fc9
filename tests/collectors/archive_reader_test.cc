// The in-memory tar reader: regular files only, unsafe entries skipped with reasons, nothing
// written to disk, truncation keeps what came before, non-archives refused.
#include "collectors/bundle/archive_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <vector>

#include "analyzer/model/memory_source.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

using testing::TarEntry;
using Type = TarEntry::Type;

struct Collected {
  std::vector<ArchiveFile> files;
  std::vector<ArchiveSkip> skips;
  ArchiveVisitor visitor() {
    ArchiveVisitor v;
    v.on_file = [this](ArchiveFile f) { files.push_back(std::move(f)); };
    v.on_skip = [this](ArchiveSkip s) { skips.push_back(std::move(s)); };
    return v;
  }
  const ArchiveSkip* skip(const std::string& name) const {
    for (const auto& s : skips)
      if (s.name == name) return &s;
    return nullptr;
  }
};

std::shared_ptr<const std::string> bytes(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

std::set<std::string> listing(const std::filesystem::path& dir) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    out.insert(e.path().string());
  return out;
}

TEST(ArchiveReaderTest, DetectsByMagicNotName) {
  const std::string tar = testing::make_tar({{"a.txt", "x"}}, false);
  const std::string tgz = testing::make_tar({{"a.txt", "x"}}, true);
  EXPECT_EQ(detect_archive(MemorySource(tar)), ArchiveKind::kTar);
  EXPECT_EQ(detect_archive(MemorySource(tgz)), ArchiveKind::kTarGzip);
  EXPECT_EQ(detect_archive(MemorySource(testing::gzip("just a log\n"))), ArchiveKind::kNone);
  EXPECT_EQ(detect_archive(MemorySource(std::string("PK\x03\x04zipfile", 11))), ArchiveKind::kZip);
  EXPECT_EQ(detect_archive(MemorySource(testing::make_zip({{"a.txt", "x"}}))), ArchiveKind::kZip);
  EXPECT_EQ(detect_archive(MemorySource(std::string("PK zip, but only in name\n"))),
            ArchiveKind::kNone);
  EXPECT_EQ(detect_archive(MemorySource(std::string(100, '\0'))), ArchiveKind::kNone);
  // An archive with no entries is still an archive (two zero blocks).
  EXPECT_EQ(detect_archive(MemorySource(testing::make_tar({}, false))), ArchiveKind::kTar);
  EXPECT_EQ(detect_archive(MemorySource(testing::make_tar({}, true))), ArchiveKind::kTarGzip);
}

TEST(ArchiveReaderTest, ReadsRegularFilesAndStripsDotSlash) {
  for (bool gz : {false, true}) {
    Collected c;
    auto r = read_archive_memory(
        bytes(testing::make_tar({{"./", "", Type::kDir},
                                 {"./cluster/", "", Type::kDir},
                                 {"./cluster/kube-apiserver.yaml", "kind: Pod\n"},
                                 {"logs/a.log", "I0101 00:00:00.000000 1 x.go:1] hi\n"}},
                                gz)),
        c.visitor());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->error.has_value());
    ASSERT_EQ(c.files.size(), 2u);
    EXPECT_EQ(c.files[0].path, "cluster/kube-apiserver.yaml");
    EXPECT_EQ(*c.files[0].data, "kind: Pod\n");
    EXPECT_EQ(c.files[1].path, "logs/a.log");
    EXPECT_TRUE(c.skips.empty());
  }
}

TEST(ArchiveReaderTest, SkipsUnsafeAndSpecialEntriesWithoutTouchingDisk) {
  testing::TempDir dir;
  const std::string tgz = testing::make_tar({{"../escape.txt", "evil"},
                                             {"/etc/passwd-copy", "evil"},
                                             {"ok/link", "", Type::kSymlink, "/etc"},
                                             {"ok/link/file", "through the link"},
                                             {"ok/hard", "", Type::kHardlink, "/etc/shadow"},
                                             {"ok/pipe", "", Type::kFifo},
                                             {"ok/tty", "", Type::kCharDevice},
                                             {"ok/real.txt", "fine"},
                                             {"ok/real.txt", "second copy"}},
                                            true);
  const std::string path = dir.write("bundle.tgz", tgz);
  const auto before = listing(dir.path());
  Collected c;
  auto r = read_archive_file(path, c.visitor());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(listing(dir.path()), before) << "reading an archive must create nothing";

  ASSERT_NE(c.skip("../escape.txt"), nullptr);
  EXPECT_EQ(c.skip("../escape.txt")->reason,
            "unsafe path in archive: parent directory reference (..)");
  EXPECT_TRUE(c.skip("../escape.txt")->unsafe);
  ASSERT_NE(c.skip("/etc/passwd-copy"), nullptr);
  EXPECT_EQ(c.skip("/etc/passwd-copy")->reason, "unsafe path in archive: absolute path");
  ASSERT_NE(c.skip("ok/link"), nullptr);
  EXPECT_EQ(c.skip("ok/link")->reason, "symbolic link to '/etc' (not followed)");
  EXPECT_FALSE(c.skip("ok/link")->unsafe);
  ASSERT_NE(c.skip("ok/hard"), nullptr);
  EXPECT_EQ(c.skip("ok/hard")->reason, "hard link (not followed)");
  ASSERT_NE(c.skip("ok/pipe"), nullptr);
  EXPECT_EQ(c.skip("ok/pipe")->reason, "FIFO (only regular files are read)");
  ASSERT_NE(c.skip("ok/tty"), nullptr);
  EXPECT_EQ(c.skip("ok/tty")->reason, "character device (only regular files are read)");
  ASSERT_NE(c.skip("ok/real.txt (duplicate)"), nullptr);
  EXPECT_EQ(c.skip("ok/real.txt (duplicate)")->reason, "duplicate entry (the first one is kept)");

  // Regular files are read, including one whose path passes under a symlink's name: it is only a
  // name here, never resolved.
  std::set<std::string> files;
  for (const auto& f : c.files) files.insert(f.path);
  EXPECT_EQ(files, (std::set<std::string>{"ok/link/file", "ok/real.txt"}));
  for (const auto& f : c.files) {
    if (f.path == "ok/real.txt") {
      EXPECT_EQ(*f.data, "fine");
    }
  }
}

TEST(ArchiveReaderTest, TruncatedArchiveKeepsEarlierEntries) {
  std::string big;
  for (int i = 0; i < 5000; ++i)
    big += "I0101 00:00:00.000000 1 x.go:1] line " + std::to_string(i) + "\n";
  const std::string tgz = testing::make_tar(
      {{"first.txt", "complete\n"}, {"second.log", big}, {"third.txt", "x"}}, true);
  Collected c;
  auto r = read_archive_memory(bytes(tgz.substr(0, tgz.size() * 2 / 3)), c.visitor());
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->error.has_value());
  EXPECT_EQ(r->error->code, ErrorCode::kUnreadable);
  EXPECT_NE(r->error->message.find("archive truncated"), std::string::npos) << r->error->message;
  ASSERT_GE(c.files.size(), 1u);
  EXPECT_EQ(c.files[0].path, "first.txt");
  EXPECT_EQ(*c.files[0].data, "complete\n");
  EXPECT_FALSE(c.files[0].truncated);
  if (c.files.size() > 1) {
    EXPECT_TRUE(c.files[1].truncated);
    EXPECT_EQ(big.compare(0, c.files[1].data->size(), *c.files[1].data), 0);
  }
}

TEST(ArchiveReaderTest, NotAnArchiveIsAnError) {
  Collected c;
  auto r = read_archive_memory(bytes("this is not a tar file at all\n"), c.visitor());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnreadable);
  EXPECT_NE(r.error().message.find("not a readable archive"), std::string::npos)
      << r.error().message;
}

TEST(ArchiveReaderTest, EnforcesEntryAndSizeLimits) {
  ArchiveLimits lim;
  lim.max_entries = 2;
  Collected c;
  auto r = read_archive_memory(
      bytes(testing::make_tar({{"a", "1"}, {"b", "2"}, {"c", "3"}}, false)), c.visitor(), lim);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->error.has_value());
  EXPECT_EQ(r->error->code, ErrorCode::kLimit);
  EXPECT_EQ(r->error->message, "archive has more than 2 entries; the rest is not read");
  EXPECT_EQ(c.files.size(), 2u);

  ArchiveLimits small;
  small.max_entry_bytes = 4;
  Collected d;
  auto s = read_archive_memory(bytes(testing::make_tar({{"big", "123456789"}, {"ok", "12"}}, true)),
                               d.visitor(), small);
  ASSERT_TRUE(s.ok());
  ASSERT_NE(d.skip("big"), nullptr);
  EXPECT_EQ(d.skip("big")->reason, "entry is 9 bytes, over the limit of 4 bytes");
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.files[0].path, "ok");

  ArchiveLimits total;
  total.max_total_bytes = 10;
  Collected t;
  auto u = read_archive_memory(bytes(testing::make_tar({{"a", "123456"}, {"b", "123456"}}, false)),
                               t.visitor(), total);
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(u->error.has_value());
  EXPECT_EQ(u->error->code, ErrorCode::kLimit);
  EXPECT_EQ(t.files.size(), 1u);
}

}  // namespace
}  // namespace wid
