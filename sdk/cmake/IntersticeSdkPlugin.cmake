# interstice_add_plugin(<name> KIND <kind> SOURCES <files>...)
#
# Builds one plugin as a loadable module named <kind>-<name>.so, the way the host expects:
# hidden visibility (only the descriptor is exported), every symbol resolved at link time, and
# the SDK linked as a shared library.
function(interstice_add_plugin name)
  cmake_parse_arguments(ARG "" "KIND" "SOURCES" ${ARGN})
  if(NOT ARG_KIND)
    message(FATAL_ERROR "interstice_add_plugin(${name}): KIND is required (command, output-format, ...)")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE IntersticeSdk::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${ARG_KIND}-${name}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${name} PRIVATE LINKER:--no-undefined)
endfunction()
