#pragma once
// Pain points (堵点难点, docs/supervision.md): what households and workers write — reviews, complaints, survey
// answers, dispute reasons — segmented (segmenter.hpp) and classified into a documented taxonomy by a weighted
// lexicon (data/supervision/painpoint_lexicon.csv): each cue word or phrase found among the text's words (runs of
// up to three consecutive words) adds its weight to its category once; the writer's side (household or worker)
// halves the other side's categories; the highest score wins (ties: the taxonomy's order) when it reaches
// kMinScore, else the text names no pain point ("none": praise, a wish, a clerical correction).
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace jz::supervision {

enum class Side { household, worker };

struct Category {
  std::string_view code;  // service_quality …
  std::string_view zh, en;
  Side side;
};

// The taxonomy in its order (ties go to the earlier one); "none" is not in it.
const std::vector<Category>& categories();
const Category* find_category(std::string_view code);

// Where a text comes from: review, complaint (households); survey, dispute (workers).
Side side_of_source(std::string_view source);

struct Classified {
  std::string category;             // a taxonomy code, or "none"
  int score = 0;
  std::vector<std::string> words;   // the segmented text
  std::vector<std::string> cues;    // cue terms found for the winning category
};

class PainPointClassifier final {
 public:
  // The classifier with the embedded lexicon (loaded once).
  static const PainPointClassifier& instance();
  Classified classify(std::string_view text, Side side) const;
  // Same, on words already segmented.
  Classified classify_words(std::vector<std::string> words, Side side) const;
  static constexpr int kMinScore = 2;

 private:
  PainPointClassifier();
  std::map<std::string, std::vector<std::pair<std::string, int>>, std::less<>> cues_;  // term → (category, weight)
};

// `text` with what could identify someone masked: runs of 7+ digits (phones, ID numbers) keep their last 4;
// a single character before 阿姨, 师傅, 大姐, 姐, 女士, 先生, 老师 becomes 某 (a surname: 王阿姨 → 某阿姨).
std::string mask_text(std::string_view text);

}  // namespace jz::supervision
