#include "services/pdf.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "common/pdf_toolkit.hpp"
#include "verify/qr_png.hpp"

namespace jz::services {
namespace {

constexpr double kPageW = pdf::kA4Width, kPageH = pdf::kA4Height;
constexpr double kMargin = 56.0, kFooter = 40.0, kQr = 84.0;
constexpr double kTextW = kPageW - 2 * kMargin;

// The faces, and why so few. Cairo embeds a subset of every face a document uses, but it copies the
// subroutines of a CID-keyed CFF font whole: each Noto CJK face costs ~50 ms of subsetting per document however
// few glyphs it shows, and Noto's Latin glyphs sit under font dicts whose subroutines weigh ~850 kB — a contract
// whose verify URL holds certain capitals came out at 958 kB. So: Latin letters and digits from DejaVu Sans
// (TrueType: its subsetter copies only the glyphs used), everything else from one CJK face, and that face reduced
// at build time to GB 2312 with TrueType outlines ("JZ Noto Sans SC", scripts/subset-cjk-font.py): about twice
// the rate and half the bytes of the full Noto CFF face (docs/services.md "Figures"). A character it lacks (a rare
// hanzi in a name) falls back to the full Noto face, as does everything when the build could not make it.
// Headings stand out by size and colour, not weight: a synthetic bold (stroking the outlines) cost a third more.
constexpr const char* kFace = "DejaVu Sans, JZ Noto Sans SC, Noto Sans CJK SC";
std::string font(double size) { return fmt::format("{} {}", kFace, size); }

using pdf::height;
using pdf::Layout;

Layout make_layout(cairo_t* cr, const std::string& text, const std::string& font, double width,
                   PangoAlignment align = PANGO_ALIGN_LEFT) {
  return pdf::make_layout(cr, text, font, width, align, 3);
}

// A heading: the same face in the heading colour, then back to black.
void show_heading(cairo_t* cr, PangoLayout* l, double x, double y) {
  cairo_set_source_rgb(cr, 0.55, 0.08, 0.08);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, l);
  cairo_set_source_rgb(cr, 0, 0, 0);
}

void draw_qr(cairo_t* cr, const verify::QrModules& qr, double x, double y, double size) {
  const double m = size / (qr.width + 2);  // one module of quiet zone each side
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int r = 0; r < qr.width; ++r)
    for (int c = 0; c < qr.width; ++c)
      if (qr.dark[static_cast<size_t>(r * qr.width + c)]) cairo_rectangle(cr, x + (c + 1) * m, y + (r + 1) * m, m, m);
  cairo_fill(cr);
}

struct Piece {
  Layout layout;
  double gap_before = 0;
  double x = kMargin, width = kTextW;
  bool heading = false;
};

void draw_contract(cairo_t* cr, const std::vector<TextBlock>& blocks, const PdfMeta& meta);
void draw_card(cairo_t* cr, const CardData& card, double W, double H);

}  // namespace

std::string render_pdf(const std::vector<TextBlock>& blocks, const PdfMeta& meta) {
  return pdf::render_pages(kPageW, kPageH, meta.title, [&](cairo_t* cr) { draw_contract(cr, blocks, meta); });
}

namespace {

void draw_contract(cairo_t* cr, const std::vector<TextBlock>& blocks, const PdfMeta& meta) {

  // Build every piece, then lay them out on pages (two passes: the page count is printed on each page).
  std::vector<Piece> pieces;
  const double head_w = kTextW - kQr - 12;
  pieces.push_back({make_layout(cr, meta.title, font(18), head_w, PANGO_ALIGN_LEFT), 0, kMargin, head_w,
                    true});
  for (size_t i = 0; i < blocks.size(); ++i) {
    const auto& b = blocks[i];
    if (!b.heading.empty())
      pieces.push_back({make_layout(cr, b.heading, font(11.5), kTextW), 10, kMargin, kTextW, true});
    double w = i < 5 ? head_w : kTextW;  // the first lines run beside the QR code
    pieces.push_back({make_layout(cr, b.body, font(10.5), w), b.heading.empty() ? 4.0 : 3.0,
                      kMargin, w});
  }
  bool first_closing = true;
  for (const auto& line : meta.closing) {
    pieces.push_back({make_layout(cr, line, font(10), kTextW), first_closing ? 18.0 : 4.0});
    first_closing = false;
  }

  const double bottom = kPageH - kMargin - kFooter;
  std::vector<std::pair<size_t, double>> placed;  // piece index → y; a page break is y < 0 marker
  std::vector<size_t> page_starts{0};
  double y = kMargin;
  for (size_t i = 0; i < pieces.size(); ++i) {
    double h = height(pieces[i].layout.get());
    double top = y + (y == kMargin ? 0 : pieces[i].gap_before);
    if (top + h > bottom && y > kMargin) {
      page_starts.push_back(placed.size());
      top = kMargin;
    }
    placed.emplace_back(i, top);
    y = top + h;
  }
  const size_t pages = page_starts.size();
  auto qr = verify::qr_modules(meta.verify_url);

  for (size_t p = 0; p < pages; ++p) {
    size_t from = page_starts[p], to = p + 1 < pages ? page_starts[p + 1] : placed.size();
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (size_t k = from; k < to; ++k) {
      auto& piece = pieces[placed[k].first];
      if (piece.heading) {
        show_heading(cr, piece.layout.get(), piece.x, placed[k].second);
      } else {
        cairo_move_to(cr, piece.x, placed[k].second);
        pango_cairo_show_layout(cr, piece.layout.get());
      }
    }
    if (p == 0) {
      draw_qr(cr, qr, kPageW - kMargin - kQr, kMargin - 8, kQr);
      auto caption = make_layout(cr, "扫码核验合同", font(7), kQr, PANGO_ALIGN_CENTER);
      cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
      cairo_move_to(cr, kPageW - kMargin - kQr, kMargin - 8 + kQr + 1);
      pango_cairo_show_layout(cr, caption.get());
    }
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, kMargin, kPageH - kMargin - kFooter + 10);
    cairo_line_to(cr, kPageW - kMargin, kPageH - kMargin - kFooter + 10);
    cairo_stroke(cr);
    auto left = make_layout(cr, meta.footer_left, font(7), kTextW - 90);
    cairo_move_to(cr, kMargin, kPageH - kMargin - kFooter + 16);
    pango_cairo_show_layout(cr, left.get());
    auto num = make_layout(cr, fmt::format("第 {} 页 共 {} 页", p + 1, pages), font(8), 90,
                           PANGO_ALIGN_RIGHT);
    cairo_move_to(cr, kPageW - kMargin - 90, kPageH - kMargin - kFooter + 16);
    pango_cairo_show_layout(cr, num.get());
    cairo_show_page(cr);
  }
}

}  // namespace

namespace {

// The width and height in a JPEG's start-of-frame segment, or {0, 0}.
std::pair<int, int> jpeg_size(const std::string& j) {
  size_t i = 2;
  while (i + 9 < j.size()) {
    if (static_cast<unsigned char>(j[i]) != 0xFF) return {0, 0};
    const auto marker = static_cast<unsigned char>(j[i + 1]);
    const size_t len = (static_cast<unsigned char>(j[i + 2]) << 8) | static_cast<unsigned char>(j[i + 3]);
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      int h = (static_cast<unsigned char>(j[i + 5]) << 8) | static_cast<unsigned char>(j[i + 6]);
      int w = (static_cast<unsigned char>(j[i + 7]) << 8) | static_cast<unsigned char>(j[i + 8]);
      return {w, h};
    }
    i += 2 + len;
  }
  return {0, 0};
}

struct PngReader {
  const std::string* data;
  size_t at = 0;
};
cairo_status_t read_png(void* closure, unsigned char* out, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->at + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(out, r->data->data() + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

// The photo as a Cairo surface (the PDF embeds a JPEG's own bytes), or nullptr.
cairo_surface_t* photo_surface(const CardData& c) {
  if (c.photo.empty()) return nullptr;
  if (c.photo_type == "image/png") {
    PngReader r{&c.photo};
    cairo_surface_t* s = cairo_image_surface_create_from_png_stream(read_png, &r);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) return s;
    cairo_surface_destroy(s);
    return nullptr;
  }
  auto [w, h] = jpeg_size(c.photo);
  if (w <= 0 || h <= 0) return nullptr;
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  auto* copy = new std::string(c.photo);
  cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(copy->data()),
                              copy->size(), [](void* p) { delete static_cast<std::string*>(p); }, copy);
  return s;
}

}  // namespace

std::string render_card_pdf(const CardData& card) {
  constexpr double W = 242.65, H = 153.07;  // ID-1 in points
  return pdf::render_pages(W, H, "居家上门服务证", [&](cairo_t* cr) { draw_card(cr, card, W, H); });
}

namespace {

void draw_card(cairo_t* cr, const CardData& card, double W, double H) {
  constexpr double M = 10;

  // A band with the title, the photo on the left, the facts beside it, the QR code bottom right.
  cairo_set_source_rgb(cr, 0.72, 0.11, 0.11);
  cairo_rectangle(cr, 0, 0, W, 26);
  cairo_fill(cr);
  auto title = make_layout(cr, "居家上门服务证", font(11), W - 2 * M, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_move_to(cr, M, 5);
  pango_cairo_show_layout(cr, title.get());

  constexpr double px = M, py = 34, pw = 56, ph = 72;
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.5);
  cairo_rectangle(cr, px, py, pw, ph);
  cairo_stroke(cr);
  if (cairo_surface_t* photo = photo_surface(card)) {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> p_guard(photo, &cairo_surface_destroy);
    const double iw = cairo_image_surface_get_width(photo), ih = cairo_image_surface_get_height(photo);
    const double scale = std::min(pw / iw, ph / ih);
    cairo_save(cr);
    cairo_rectangle(cr, px, py, pw, ph);
    cairo_clip(cr);
    cairo_translate(cr, px + (pw - iw * scale) / 2, py + (ph - ih * scale) / 2);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, photo, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
  }

  constexpr double qr_size = 62;
  const double tx = px + pw + 8, tw = W - tx - M;
  cairo_set_source_rgb(cr, 0, 0, 0);
  auto name = make_layout(cr, card.name, font(13), tw);
  cairo_move_to(cr, tx, py - 2);
  pango_cairo_show_layout(cr, name.get());
  auto facts = make_layout(cr, card.enterprise, font(7), tw - qr_size - 4);
  cairo_move_to(cr, tx, py + 20);
  pango_cairo_show_layout(cr, facts.get());
  auto serial = make_layout(cr, fmt::format("编号 {}\n有效期至 {}", card.serial, card.expires_on),
                            font(6), tw - qr_size - 4);
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  cairo_move_to(cr, tx, H - M - height(serial.get()));
  pango_cairo_show_layout(cr, serial.get());
  draw_qr(cr, verify::qr_modules(card.verify_url), W - M - qr_size, H - M - qr_size - 6, qr_size);
  auto caption = make_layout(cr, "扫码核验", font(5.5), qr_size, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_move_to(cr, W - M - qr_size, H - M - 6);
  pango_cairo_show_layout(cr, caption.get());
  cairo_show_page(cr);
}

}  // namespace

}  // namespace jz::services
