#pragma once
// Every column that holds field-encrypted personal data, with the context (associated data) it was
// encrypted under. `jiazheng keys rotate` re-encrypts exactly these; a module that adds an encrypted
// column adds it here in the same commit.
#include <array>
#include <string_view>

namespace jz::security {

struct EncryptedColumn {
  std::string_view table;
  std::string_view column;
  std::string_view context;
};

inline constexpr std::array kEncryptedColumns{
    EncryptedColumn{"workers", "id_number_enc", "workers.id_number"},
    EncryptedColumn{"workers", "phone_enc", "workers.phone"},
};

}  // namespace jz::security
