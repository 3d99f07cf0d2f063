#pragma once
// The rule that decides how much study time a heartbeat of the unit player is worth. Only the server's
// clock counts; nothing the client sends is a duration. A heartbeat is credited with the wall-clock time
// since the session's last credited instant, never beyond the part's end. After a silence longer than
// kMaxGapSeconds (a page hidden, a phone asleep) it is credited nothing and the count restarts from it: time
// without heartbeats is not study time. The web player also stops beating while the page is hidden and opens
// a new session when it is shown again, so nothing of the study before the lock is lost. The session's
// last-beat instant advances only by whole credited seconds, so fractions carry over to the next beat and a
// client that beats faster gains nothing: the sum over any run of heartbeats is at most the wall-clock time
// the session was open. No two sessions of a worker overlap: opening a unit ends her other sessions, and a
// heartbeat on an ended session is refused (service.cpp).
#include <cstdint>

namespace jz::training {

inline constexpr int64_t kMaxGapSeconds = 30;
// How often the web player beats; well inside kMaxGapSeconds.
inline constexpr int64_t kHeartbeatSeconds = 5;

struct BeatCredit {
  int64_t seconds = 0;      // to add to the unit's time
  int64_t new_last_ms = 0;  // the session's new last-beat instant
};

// `last_ms` and `now_ms`: server clock, milliseconds. `done_seconds`: the unit's time so far;
// `length_seconds`: where crediting stops (the end of the session's part).
[[nodiscard]] inline BeatCredit credit_heartbeat(int64_t last_ms, int64_t now_ms, int64_t done_seconds,
                                                 int64_t length_seconds) {
  BeatCredit c;
  c.new_last_ms = last_ms;
  if (now_ms <= last_ms) return c;  // clock did not move (or went back): nothing to credit
  int64_t elapsed = (now_ms - last_ms) / 1000;
  if (elapsed > kMaxGapSeconds) {
    // A gap: nobody was shown the page in between (or nobody can say so); restart the count from now.
    c.seconds = 0;
    c.new_last_ms = now_ms;
  } else {
    c.seconds = elapsed;
    c.new_last_ms = last_ms + elapsed * 1000;
  }
  int64_t room = length_seconds - done_seconds;
  if (room <= 0) return BeatCredit{0, now_ms};
  if (c.seconds > room) c.seconds = room;
  return c;
}

}  // namespace jz::training
