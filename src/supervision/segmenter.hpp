#pragma once
// Chinese word segmentation for the pain-point analysis (docs/supervision.md): Friso (Debian libfriso +
// friso-dict, MMSEG complex mode) with the platform's domain lexicon merged into its dictionary
// (data/supervision/painpoint_lexicon.csv), so that 月嫂, 育儿嫂, 中介费, 住家保姆 … come out as one word.
// The dictionary is loaded once per process (about 0.1 s); segment() is thread-safe.
#include <string>
#include <string_view>
#include <vector>

namespace jz::supervision {

class Segmenter final {
 public:
  // The process's segmenter (loaded on first use). Throws std::runtime_error when Friso's dictionary is missing.
  static const Segmenter& instance();
  // The words of `text` in order; punctuation and whitespace dropped, Latin letters lower-cased by Friso.
  std::vector<std::string> segment(std::string_view text) const;
  size_t dictionary_words() const { return words_; }

  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

 private:
  Segmenter();
  ~Segmenter();
  struct Impl;
  Impl* impl_;
  size_t words_ = 0;
};

// Where Friso's UTF-8 dictionary is: $JZ_FRISO_DICT, else /usr/share/friso/dict/UTF-8/.
std::string friso_dictionary_dir();

}  // namespace jz::supervision
