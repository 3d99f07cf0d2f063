// The heartbeat rule cannot be talked into more time than the wall clock allows: beats too fast, a gap,
// a unit's end.
#include "training/plausibility.hpp"

#include <gtest/gtest.h>

namespace jz::training {
namespace {

// Runs heartbeats at the given server times (ms) from an opening at `open_ms`; returns the seconds credited.
int64_t run(int64_t open_ms, const std::vector<int64_t>& beats, int64_t length_s, int64_t done_s = 0) {
  int64_t last = open_ms, done = done_s;
  for (int64_t now : beats) {
    auto c = credit_heartbeat(last, now, done, length_s);
    if (now >= last) EXPECT_LE(c.new_last_ms, now);
    EXPECT_GE(c.new_last_ms, last);
    last = c.new_last_ms;
    done += c.seconds;
  }
  return done - done_s;
}

TEST(Plausibility, CreditsTheWallClockBetweenRegularBeats) {
  std::vector<int64_t> beats;
  for (int i = 1; i <= 12; ++i) beats.push_back(i * 5000);
  EXPECT_EQ(run(0, beats, 600), 60);
}

TEST(Plausibility, BeatsFasterThanTheClockGainNothing) {
  // 1,000 heartbeats within 3 seconds: 3 seconds, not 1,000 beats' worth.
  std::vector<int64_t> beats;
  for (int i = 1; i <= 1000; ++i) beats.push_back(i * 3);
  EXPECT_EQ(run(0, beats, 600), 3);
}

TEST(Plausibility, FractionsCarryOverSoSlowClientsLoseNothing) {
  // Every 1.5 s for 60 s: 60 seconds (not 40 × floor(1.5) = 40).
  std::vector<int64_t> beats;
  for (int i = 1; i <= 40; ++i) beats.push_back(i * 1500);
  EXPECT_EQ(run(0, beats, 600), 60);
}

TEST(Plausibility, AGapCountsNothing) {
  // Opened, then one heartbeat an hour later (the page was hidden, the phone asleep): nothing.
  EXPECT_EQ(run(0, {3'600'000}, 6000), 0);
  EXPECT_EQ(run(0, {(kMaxGapSeconds + 1) * 1000}, 6000), 0);
  // Just inside the limit still counts (a slow network).
  EXPECT_EQ(run(0, {kMaxGapSeconds * 1000}, 6000), kMaxGapSeconds);
  // And the next beat counts from the late one, not from the opening.
  EXPECT_EQ(run(0, {3'600'000, 3'605'000}, 6000), 5);
}

TEST(Plausibility, NeverBeyondTheUnitsLength) {
  std::vector<int64_t> beats;
  for (int i = 1; i <= 100; ++i) beats.push_back(i * 5000);  // 500 s of beats on a 60 s unit
  EXPECT_EQ(run(0, beats, 60), 60);
  EXPECT_EQ(run(0, beats, 60, 50), 10);  // 50 s done before: 10 s left
  EXPECT_EQ(run(0, beats, 60, 60), 0);
}

TEST(Plausibility, AClockGoingBackCreditsNothing) {
  EXPECT_EQ(run(10'000, {9'000, 8'000}, 600), 0);
}

TEST(Plausibility, TheSumNeverExceedsTheTimeSinceOpening) {
  // Random-ish beat times: the credit is never more than the elapsed wall time.
  int64_t t = 0;
  std::vector<int64_t> beats;
  uint64_t x = 12345;
  for (int i = 0; i < 500; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    t += static_cast<int64_t>((x >> 33) % 45'000);
    beats.push_back(t);
  }
  EXPECT_LE(run(0, beats, 1'000'000), t / 1000);
}

}  // namespace
}  // namespace jz::training
