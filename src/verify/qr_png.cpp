#include "verify/qr_png.hpp"

#include <png.h>
#include <qrencode.h>

#include <algorithm>
#include <csetjmp>
#include <memory>
#include <stdexcept>
#include <vector>

namespace jz::verify {
namespace {

constexpr int kQuietZone = 4;

void append(png_structp png, png_bytep data, png_size_t n) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char*>(data), n);
}
void no_flush(png_structp) {}

}  // namespace

using QrPtr = std::unique_ptr<QRcode, decltype(&QRcode_free)>;
static QrPtr encode_qr(std::string_view text) {
  std::string input(text);
  QrPtr qr(QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!qr) throw std::runtime_error("QR encoding failed (text too long?)");
  return qr;
}

QrModules qr_modules(std::string_view text) {
  auto qr = encode_qr(text);
  QrModules m;
  m.width = qr->width;
  m.dark.resize(static_cast<size_t>(qr->width) * static_cast<size_t>(qr->width));
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (qr->data[i] & 1) != 0;
  return m;
}

std::string qr_png(std::string_view text, int scale) {
  auto qr = encode_qr(text);
  const int modules = qr->width + 2 * kQuietZone;
  const int size = modules * scale;

  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png) throw std::runtime_error("png_create_write_struct failed");
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    throw std::runtime_error("png_create_info_struct failed");
  }
  // libpng reports errors by longjmp: nothing with a destructor may live between here and the end.
  std::vector<png_byte> row(static_cast<size_t>((size + 7) / 8));
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("PNG encoding failed");
  }
  png_set_write_fn(png, &out, append, no_flush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(size), static_cast<png_uint_32>(size), 1, PNG_COLOR_TYPE_GRAY,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < size; ++y) {
    std::fill(row.begin(), row.end(), png_byte{0xff});  // 1 = white
    const int my = y / scale - kQuietZone;
    if (my >= 0 && my < qr->width) {
      for (int x = 0; x < size; ++x) {
        const int mx = x / scale - kQuietZone;
        if (mx < 0 || mx >= qr->width) continue;
        if (qr->data[my * qr->width + mx] & 1) row[static_cast<size_t>(x / 8)] &= static_cast<png_byte>(~(0x80 >> (x % 8)));
      }
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace jz::verify
