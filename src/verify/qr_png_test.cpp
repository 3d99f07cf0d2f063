#include "verify/qr_png.hpp"

#include <gtest/gtest.h>

namespace jz::verify {
namespace {

TEST(QrPng, EncodesAVerifyUrlAsASmallPng) {
  std::string url = "https://jz.example.gov.cn/v/" + std::string(117, 'A');
  std::string png = qr_png(url);
  ASSERT_GT(png.size(), 100u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // IHDR: width and height (big-endian) at bytes 16-23, bit depth 1, colour type 0 (grey).
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  unsigned width = be32(16);
  EXPECT_EQ(width, be32(20));
  EXPECT_EQ(width % 8, 0u);
  // 145 bytes fit version 8-M (49 modules, up to 152 bytes): (49 + 8) * 8 = 456 pixels with the quiet zone.
  EXPECT_LE(width, (49u + 8) * 8);
  EXPECT_EQ(png[24], 1);
  EXPECT_EQ(png[25], 0);
  EXPECT_LT(png.size(), 4000u);
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
}

TEST(QrPng, RefusesTextTooLongForAQrCode) { EXPECT_THROW(qr_png(std::string(5000, 'x')), std::runtime_error); }

}  // namespace
}  // namespace jz::verify
