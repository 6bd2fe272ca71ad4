# The Excel add-in's release archive: cmake --build build --target package
# writes kpilot-excel-addin-VERSION.zip with both XLLs, the sample workbook and
# INSTALL.md. Only the excel_addin component goes in, so install rules other
# parts of kpilot add later do not end up in the add-in's zip.
install(FILES ${KPILOT_XLL_x64} ${KPILOT_XLL_x86} ${KPILOT_SAMPLE_WORKBOOK}
              ${PROJECT_SOURCE_DIR}/excel-addin/INSTALL.md
        DESTINATION . COMPONENT excel_addin)

set(CPACK_GENERATOR ZIP)
set(CPACK_PACKAGE_NAME kpilot)
set(CPACK_PACKAGE_VENDOR kpilot)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_COMPONENTS_ALL excel_addin)
set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
set(CPACK_ARCHIVE_EXCEL_ADDIN_FILE_NAME kpilot-excel-addin-${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
include(CPack)
