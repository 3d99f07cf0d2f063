# Debian package (issue 13): `cmake --build build --target package` (CPack DEB) after `npm run build` in web/.
# Contents: /usr/bin/jiazheng, the web UI in /usr/share/jiazheng/web, the reference data in
# /usr/share/jiazheng/data, /etc/jiazheng/jiazheng.toml, the systemd unit (its own user, hardening options),
# and a sample nginx TLS site forwarding the client's address in /usr/share/doc/jiazheng.
include(GNUInstallDirs)
# `package` installs what is built; it does not build every target (the tests) first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)
install(TARGETS jiazheng RUNTIME DESTINATION bin)
# Read when the package is made (not when configured): build the web UI first, or the package has none.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/dist/ DESTINATION share/jiazheng/web OPTIONAL)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/data/ DESTINATION share/jiazheng/data)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/jiazheng.toml DESTINATION /etc/jiazheng)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/jiazheng.service DESTINATION /lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/nginx-jiazheng.conf ${CMAKE_SOURCE_DIR}/docs/operations.md
        DESTINATION share/doc/jiazheng)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jiazheng)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "陇原家政 <ops@jiazheng.example.gov.cn>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "陇原家政: Gansu's domestic-services platform (server and web UI)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, friso-dict")  # friso-dict: the pain-point segmenter's dictionary (data, not a shared library)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx, postgresql")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/packaging/postinst ${CMAKE_SOURCE_DIR}/packaging/prerm
    ${CMAKE_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/packages)
include(CPack)
