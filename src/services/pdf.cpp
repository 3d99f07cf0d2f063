#include "services/pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <memory>
#include <stdexcept>

#include "verify/qr_png.hpp"

namespace jz::services {
namespace {

constexpr double kPageW = 595.276, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 56.0, kFooter = 40.0, kQr = 84.0;
constexpr double kTextW = kPageW - 2 * kMargin;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

Layout make_layout(cairo_t* cr, const std::string& text, const char* font, double width,
                   PangoAlignment align = PANGO_ALIGN_LEFT) {
  Layout l(pango_cairo_create_layout(cr));
  PangoFontDescription* desc = pango_font_description_from_string(font);
  pango_layout_set_font_description(l.get(), desc);
  pango_font_description_free(desc);
  pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(l.get(), align);
  pango_layout_set_spacing(l.get(), 3 * PANGO_SCALE);
  pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
  return l;
}

double height(PangoLayout* l) {
  int w = 0, h = 0;
  pango_layout_get_size(l, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
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
};

}  // namespace

std::string render_pdf(const std::vector<TextBlock>& blocks, const PdfMeta& meta) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, kPageW, kPageH);
  cairo_t* cr = cairo_create(surface);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_guard(cr, &cairo_destroy);
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> s_guard(surface, &cairo_surface_destroy);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, meta.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "陇原家政");

  // Build every piece, then lay them out on pages (two passes: the page count is printed on each page).
  std::vector<Piece> pieces;
  const double head_w = kTextW - kQr - 12;
  pieces.push_back({make_layout(cr, meta.title, "Noto Sans CJK SC Bold 18", head_w, PANGO_ALIGN_LEFT), 0,
                    kMargin, head_w});
  for (size_t i = 0; i < blocks.size(); ++i) {
    const auto& b = blocks[i];
    if (!b.heading.empty())
      pieces.push_back({make_layout(cr, b.heading, "Noto Sans CJK SC Bold 11.5", kTextW), 10});
    double w = i < 5 ? head_w : kTextW;  // the first lines run beside the QR code
    pieces.push_back({make_layout(cr, b.body, "Noto Serif CJK SC 10.5", w), b.heading.empty() ? 4.0 : 3.0,
                      kMargin, w});
  }
  bool first_closing = true;
  for (const auto& line : meta.closing) {
    pieces.push_back({make_layout(cr, line, "Noto Sans CJK SC 10", kTextW), first_closing ? 18.0 : 4.0});
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
      cairo_move_to(cr, piece.x, placed[k].second);
      pango_cairo_show_layout(cr, piece.layout.get());
    }
    if (p == 0) {
      draw_qr(cr, qr, kPageW - kMargin - kQr, kMargin - 8, kQr);
      auto caption = make_layout(cr, "扫码核验合同", "Noto Sans CJK SC 7", kQr, PANGO_ALIGN_CENTER);
      cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
      cairo_move_to(cr, kPageW - kMargin - kQr, kMargin - 8 + kQr + 1);
      pango_cairo_show_layout(cr, caption.get());
    }
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, kMargin, kPageH - kMargin - kFooter + 10);
    cairo_line_to(cr, kPageW - kMargin, kPageH - kMargin - kFooter + 10);
    cairo_stroke(cr);
    auto left = make_layout(cr, meta.footer_left, "Noto Sans CJK SC 7", kTextW - 90);
    cairo_move_to(cr, kMargin, kPageH - kMargin - kFooter + 16);
    pango_cairo_show_layout(cr, left.get());
    auto num = make_layout(cr, fmt::format("第 {} 页 共 {} 页", p + 1, pages), "Noto Sans CJK SC 8", 90,
                           PANGO_ALIGN_RIGHT);
    cairo_move_to(cr, kPageW - kMargin - 90, kPageH - kMargin - kFooter + 16);
    pango_cairo_show_layout(cr, num.get());
    cairo_show_page(cr);
  }
  cr_guard.reset();
  cairo_surface_finish(surface);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("PDF rendering failed: ") +
                             cairo_status_to_string(cairo_surface_status(surface)));
  return out;
}

}  // namespace jz::services
