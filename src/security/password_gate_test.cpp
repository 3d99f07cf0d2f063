#include "security/password_gate.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace jz::security {
namespace {

TEST(PasswordGate, RefusesAtOnceWhenRunningAndQueueAreFull) {
  PasswordGate gate(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  // One verification runs (and blocks until released) ...
  std::thread running([&] {
    auto r = gate.run([&] {
      started.set_value();
      released.wait();
      return true;
    });
    EXPECT_TRUE(r && *r);
  });
  started.get_future().wait();
  // ... one waits for its slot ...
  std::thread queued([&] { EXPECT_EQ(gate.run([] { return 7; }), std::optional<int>(7)); });
  while (gate.waiting() < 1) std::this_thread::yield();
  // ... and the next is refused without running.
  bool ran = false;
  EXPECT_FALSE(gate.run([&] {
    ran = true;
    return 1;
  }));
  EXPECT_FALSE(ran);
  release.set_value();
  running.join();
  queued.join();
  EXPECT_EQ(gate.running(), 0u);
  EXPECT_EQ(gate.run([] { return 3; }), std::optional<int>(3));
}

}  // namespace
}  // namespace jz::security
