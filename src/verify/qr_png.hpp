#pragma once
// A QR code (libqrencode, error correction M) of a short text — a certificate's verify URL — rendered as a
// 1-bit greyscale PNG (libpng) with a 4-module quiet zone, `scale` pixels per module.
#include <string>
#include <string_view>
#include <vector>

namespace jz::verify {

// The PNG bytes. Throws std::runtime_error when the text does not fit a QR code or encoding fails.
std::string qr_png(std::string_view text, int scale = 8);

// The same code as modules (row-major, true = dark, no quiet zone) for drawing it elsewhere (a PDF).
struct QrModules {
  int width = 0;
  std::vector<bool> dark;
};
QrModules qr_modules(std::string_view text);

}  // namespace jz::verify
