#include "supervision/segmenter.hpp"

extern "C" {
#include <friso.h>
}

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "common/csv.hpp"
#include "common/embedded.hpp"

namespace jz::supervision {

struct Segmenter::Impl {
  friso_t friso = nullptr;
  friso_config_t config = nullptr;
  mutable std::mutex mu;  // Friso's tasks are per call, but its dictionary lookups are not documented as thread-safe
};

std::string friso_dictionary_dir() {
  if (const char* env = std::getenv("JZ_FRISO_DICT"); env && *env) {
    std::string d(env);
    return d.back() == '/' ? d : d + "/";
  }
  return "/usr/share/friso/dict/UTF-8/";
}

Segmenter::Segmenter() : impl_(new Impl) {
  const std::string dir = friso_dictionary_dir();
  if (!std::filesystem::exists(dir + "lex-main.lex"))
    throw std::runtime_error("Friso dictionary not found in " + dir + " (install friso-dict)");
  impl_->friso = friso_new();
  impl_->config = friso_new_config();
  friso_init_config(impl_->config);
  impl_->friso->charset = FRISO_UTF8;
  friso_set_mode(impl_->config, __FRISO_COMPLEX_MODE__);
  impl_->config->max_len = 6;
  impl_->config->r_name = 0;   // no person-name guessing: a surname + 阿姨 should not swallow the next word
  impl_->config->clr_stw = 0;  // keep stopwords: 不, 没 matter to a complaint
  impl_->friso->dic = friso_dic_new();
  std::vector<char> path(dir.begin(), dir.end());
  path.push_back('\0');
  friso_dic_load_from_ifile(impl_->friso, impl_->config, path.data(), impl_->config->max_len * 3);
  // The domain lexicon: every term of two characters or more becomes a dictionary word. Friso keeps the
  // pointer it is given (and frees it with the dictionary), so each word is its own malloc'd copy.
  auto rows = parse_csv(embedded_file("data/supervision/painpoint_lexicon.csv").value_or(""));
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() < 2) continue;
    const std::string& term = rows[i][1];
    if (term.size() < 6) continue;  // one CJK character: already in the dictionary's single characters
    if (friso_dic_match(impl_->friso->dic, __LEX_CJK_WORDS__, const_cast<char*>(term.c_str()))) continue;
    friso_dic_add(impl_->friso->dic, __LEX_CJK_WORDS__, strdup(term.c_str()), nullptr);
  }
  words_ = friso_all_dic_size(impl_->friso->dic);
}

Segmenter::~Segmenter() {
  friso_free(impl_->friso);
  delete impl_;
}

const Segmenter& Segmenter::instance() {
  static const Segmenter* s = new Segmenter();  // never destroyed: used until the process ends
  return *s;
}

std::vector<std::string> Segmenter::segment(std::string_view text) const {
  std::vector<std::string> out;
  std::string buf(text);
  std::lock_guard lock(impl_->mu);
  friso_task_t task = friso_new_task();
  friso_set_text(task, buf.data());
  while (impl_->config->next_token(impl_->friso, impl_->config, task) != nullptr) {
    std::string w(task->token->word);
    // Drop punctuation and spaces: a token of ASCII punctuation, or of CJK/full-width punctuation (U+3000–U+303F,
    // U+FF00–U+FF0F, U+FF1A–U+FF20 …): everything that is not a letter, a digit or a CJK ideograph.
    bool keep = false;
    for (size_t i = 0; i < w.size();) {
      unsigned char c = static_cast<unsigned char>(w[i]);
      if (c < 0x80) {
        if (std::isalnum(c)) keep = true;
        ++i;
        continue;
      }
      if ((c & 0xF0) == 0xE0 && i + 2 < w.size()) {
        unsigned cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(w[i + 1]) & 0x3F) << 6) |
                      (static_cast<unsigned char>(w[i + 2]) & 0x3F);
        if (cp >= 0x4E00 && cp <= 0x9FFF) keep = true;
        if (cp >= 0xFF10 && cp <= 0xFF19) keep = true;  // full-width digits
        i += 3;
        continue;
      }
      keep = true;  // other scripts: keep
      ++i;
    }
    if (keep) out.push_back(std::move(w));
  }
  friso_free_task(task);
  return out;
}

}  // namespace jz::supervision
