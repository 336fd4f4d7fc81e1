# interstice_add_plugin(<name> KIND <kind> [TARGET <target>] SOURCES <files>...)
#
# Builds one plugin as a loadable module named <kind>-<name>.so, the way the host expects:
# hidden visibility (only the descriptor is exported), every symbol resolved at link time, and
# the SDK linked as a shared library. The CMake target is <name> unless TARGET names another
# (a `json` exporter next to the `json` output format, say). The chosen target name is returned
# in INTERSTICE_PLUGIN_TARGET.
function(interstice_add_plugin name)
  cmake_parse_arguments(ARG "" "KIND;TARGET" "SOURCES" ${ARGN})
  if(NOT ARG_KIND)
    message(FATAL_ERROR "interstice_add_plugin(${name}): KIND is required (command, output-format, ...)")
  endif()
  set(target ${name})
  if(ARG_TARGET)
    set(target ${ARG_TARGET})
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE IntersticeSdk::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${ARG_KIND}-${name}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${target} PRIVATE LINKER:--no-undefined)
  set(INTERSTICE_PLUGIN_TARGET ${target} PARENT_SCOPE)
endfunction()
