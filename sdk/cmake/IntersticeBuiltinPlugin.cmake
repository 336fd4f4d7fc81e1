# interstice_builtin_plugin(<id> KIND <kind> SOURCES <files>... [LIBRARIES <targets>...])
#
# A plugin shipped with the toolkit: one call in its folder's CMakeLists.txt does everything.
# - builds <kind>-<id>.so (CMake target <kind>-<id>, so a `json` output format and a `json`
#   exporter coexist) into the build tree's and the install tree's lib/interstice/plugins;
# - compiles it with INTERSTICE_PLUGIN_VERSION set to the project's version, so every built-in
#   plugin says the release it shipped in;
# - links the extra LIBRARIES it needs (libdeflate, sqlite3, ...);
# - registers the target as a dependency of the unit tests (INTERSTICE_BUILTIN_PLUGIN_TARGETS),
#   so a test that loads the plugin never runs against a stale build, and its one unit test file,
#   tests/unit/test_<kind folder>_<id>.cpp (e.g. test_export_csv.cpp), in
#   INTERSTICE_BUILTIN_PLUGIN_TESTS. scripts/check-plugin-shape insists that file exists.
include(${CMAKE_CURRENT_LIST_DIR}/IntersticeSdkPlugin.cmake)

function(interstice_builtin_plugin id)
  cmake_parse_arguments(ARG "" "KIND" "SOURCES;LIBRARIES" ${ARGN})
  interstice_add_plugin(${id} KIND ${ARG_KIND} TARGET ${ARG_KIND}-${id} SOURCES ${ARG_SOURCES})
  set(target ${INTERSTICE_PLUGIN_TARGET})
  set(INTERSTICE_PLUGIN_TARGET ${target} PARENT_SCOPE)
  target_compile_definitions(${target} PRIVATE INTERSTICE_PLUGIN_VERSION="${PROJECT_VERSION}")
  if(ARG_LIBRARIES)
    target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES})
  endif()
  set_target_properties(${target} PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY ${INTERSTICE_PLUGIN_BUILD_DIR}
    BUILD_RPATH "$ORIGIN/../.."
    INSTALL_RPATH "$ORIGIN/../../../${CMAKE_INSTALL_LIBDIR}")
  install(TARGETS ${target} LIBRARY DESTINATION ${INTERSTICE_PLUGIN_INSTALL_DIR})
  set_property(GLOBAL APPEND PROPERTY INTERSTICE_BUILTIN_PLUGIN_TARGETS ${target})
  set(kind_folders command command output-format output log-codec log exporter export trace-format trace)
  list(FIND kind_folders ${ARG_KIND} kind_at)
  if(kind_at EQUAL -1)
    message(FATAL_ERROR "interstice_builtin_plugin(${id}): unknown KIND '${ARG_KIND}'")
  endif()
  math(EXPR kind_at "${kind_at} + 1")
  list(GET kind_folders ${kind_at} kind_folder)
  string(REPLACE "-" "_" test_stem "${id}")
  set(test_file ${PROJECT_SOURCE_DIR}/tests/unit/test_${kind_folder}_${test_stem}.cpp)
  if(EXISTS ${test_file})
    set_property(GLOBAL APPEND PROPERTY INTERSTICE_BUILTIN_PLUGIN_TESTS ${test_file})
  endif()
endfunction()
