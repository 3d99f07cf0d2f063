// Entry point of the integration tests: real HTTP against a real `jiazheng serve` process, on SQLite or on a
// throwaway PostgreSQL server (JZ_TEST_BACKEND=sqlite|postgres).
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
