#include "reference/divisions.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/migrate.hpp"

namespace jz::reference {
namespace {

// The catalogue as the server loads it: from a migrated database with the committed division data.
const DivisionCatalog& catalog() {
  static const DivisionCatalog c = [] {
    auto path = std::filesystem::temp_directory_path() / ("jz_divisions_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    auto db = db::open_database("sqlite:" + path.string(), 1);
    db::migrate(*db);
    auto conn = db->acquire();
    auto loaded = DivisionCatalog::load(*conn);
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
    return loaded;
  }();
  return c;
}

TEST(DivisionCatalog, NamesTheProvinceAFreeTextPlaceStartsWith) {
  const auto& c = catalog();
  EXPECT_EQ(c.province_of_place("陕西省西安市雁塔区"), "61");
  EXPECT_EQ(c.province_of_place("陕西西安"), "61");
  EXPECT_EQ(c.province_of_place("宁夏银川"), "64");
  EXPECT_EQ(c.province_of_place("宁夏回族自治区银川市"), "64");
  EXPECT_EQ(c.province_of_place("内蒙古包头"), "15");
  EXPECT_EQ(c.province_of_place("天津市河西区"), "12");
  EXPECT_EQ(c.province_of_place("北京"), "11");
  EXPECT_EQ(c.province_of_place("新疆乌鲁木齐"), "65");
  EXPECT_EQ(c.province_of_place("香港"), "81");
  EXPECT_EQ(c.province_of_place("甘肃兰州"), "62");
  // A big city of another province on its own names that province; an unknown city names none.
  EXPECT_EQ(c.province_of_place("西安市"), "61");
  EXPECT_EQ(c.province_of_place("深圳"), "44");
  EXPECT_EQ(c.province_of_place("银川市兴庆区"), "64");
  EXPECT_EQ(c.province_of_place("某某市"), "");
  EXPECT_EQ(c.province_of_place("新加坡"), "");
  EXPECT_EQ(c.province_of_place(""), "");
}

}  // namespace
}  // namespace jz::reference
