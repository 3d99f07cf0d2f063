#include "http/request.hpp"

#include <gtest/gtest.h>

namespace jz::http {
namespace {

TEST(RequestIds, OnlyPositiveDecimalIdsNameARecord) {
  EXPECT_EQ(parse_id("42"), 42);
  EXPECT_EQ(parse_id("000123"), 123);
  EXPECT_EQ(parse_id("999999999999999999"), 999999999999999999);
  for (const char* bad : {"", "0", "-1", "+1", " 1", "1 ", "1e3", "0x10", "12a", "9999999999999999999", "１２"})
    EXPECT_FALSE(parse_id(bad)) << bad;
}

TEST(RequestIds, PathIdIsNotFoundForAnythingElse) {
  Request r;
  r.path_params["id"] = "7";
  r.path_params["serial"] = "abc";
  EXPECT_EQ(*path_id(r), 7);
  EXPECT_EQ(path_id(r, "serial").error().code, "not_found");
  EXPECT_EQ(path_id(r, "missing").error().code, "not_found");
}

}  // namespace
}  // namespace jz::http
