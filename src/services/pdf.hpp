#pragma once
// The contract as a PDF, rendered on the server with Cairo + Pango, Noto CJK and DejaVu Sans (pdf.cpp says
// why): A4, the contract text (rules.hpp contract_text), a QR code of the verify URL on the first page, and on every page its number,
// the template and its version and the SHA-256 of the content. Thread-safe (each call has its own surface).
#include <string>
#include <vector>

#include "services/rules.hpp"

namespace jz::services {

struct PdfMeta {
  std::string title;
  std::string verify_url;   // encoded in the QR code and printed under it
  std::string footer_left;  // "模板 employee_based 第 1 版 · SHA-256 …"
  std::vector<std::string> closing;  // lines after the clauses (the confirmation status)
};

// The PDF bytes. Throws std::runtime_error when Cairo fails.
std::string render_pdf(const std::vector<TextBlock>& blocks, const PdfMeta& meta);

// The 居家上门服务证 card (ID-1 size, 85.6 × 54 mm) of a worker: photo, name, enterprise, serial, validity and the
// QR code of the certificate's verify URL. The photo is embedded as it is stored (JPEG passed through, PNG
// decoded); an empty or unreadable photo leaves a framed blank to glue one in.
struct CardData {
  std::string name, enterprise, serial, issued_on, expires_on, verify_url;
  std::string photo, photo_type;  // bytes and image/jpeg | image/png; empty: none on file
};
std::string render_card_pdf(const CardData& card);

}  // namespace jz::services
