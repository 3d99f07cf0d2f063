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
  std::string_view blind_index = {};  // the column of its blind index, if any (recomputed on a suite change)
};

inline constexpr std::array kEncryptedColumns{
    EncryptedColumn{"workers", "id_number_enc", "workers.id_number", "id_number_bidx"},
    EncryptedColumn{"workers", "phone_enc", "workers.phone", "phone_bidx"},
    EncryptedColumn{"transfer_bases", "contact_phone_enc", "transfer_bases.contact_phone"},
    EncryptedColumn{"institutions", "contact_phone_enc", "institutions.contact_phone"},
    EncryptedColumn{"service_points", "contact_phone_enc", "service_points.contact_phone"},
    EncryptedColumn{"credit_entries", "details_enc", "credit_entries.details"},
    EncryptedColumn{"users", "phone_enc", "users.phone"},
};

}  // namespace jz::security
