#pragma once
// A plain A4 document as a PDF, rendered with Cairo + Pango and the Noto CJK fonts: a title, headings, paragraphs
// and tables (text cells, columns by share of the width, a bold header row repeated on each page), page numbers and a
// footer line on every page. For reports (the supervision monthly report); the contract and card PDFs
// (services/pdf.cpp) have their own layouts with a QR code, drawn with the same toolkit (common/pdf_toolkit.hpp).
// Thread-safe: each call has its own surface.
#include <string>
#include <vector>

namespace jz::pdf {

struct Block {
  enum class Kind { heading, paragraph, table } kind = Kind::paragraph;
  std::string text;                           // heading or paragraph
  std::vector<std::string> header;            // table: the header row (bold)
  std::vector<std::vector<std::string>> rows;  // table: the body
  std::vector<double> widths;                 // table: share of the text width per column (sums to 1; empty: equal)
  std::vector<bool> numeric;                  // table: right-aligned columns
};

inline Block heading(std::string text) { return {Block::Kind::heading, std::move(text), {}, {}, {}, {}}; }
inline Block paragraph(std::string text) { return {Block::Kind::paragraph, std::move(text), {}, {}, {}, {}}; }

// The PDF bytes. Throws std::runtime_error when Cairo fails.
std::string render_document(const std::string& title, const std::vector<Block>& blocks, const std::string& footer);

}  // namespace jz::pdf
