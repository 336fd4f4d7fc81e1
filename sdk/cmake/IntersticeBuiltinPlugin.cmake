# interstice_builtin_plugin(<name> KIND <kind> SOURCES <files>...): a plugin shipped with the
# toolkit, placed in the build tree's and the install tree's lib/interstice/plugins.
include(${CMAKE_CURRENT_LIST_DIR}/IntersticeSdkPlugin.cmake)

function(interstice_builtin_plugin name)
  interstice_add_plugin(${name} ${ARGN})
  set(name ${INTERSTICE_PLUGIN_TARGET})
  set(INTERSTICE_PLUGIN_TARGET ${name} PARENT_SCOPE)
  set_target_properties(${name} PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY ${INTERSTICE_PLUGIN_BUILD_DIR}
    BUILD_RPATH "$ORIGIN/../.."
    INSTALL_RPATH "$ORIGIN/../../../${CMAKE_INSTALL_LIBDIR}")
  install(TARGETS ${name} LIBRARY DESTINATION ${INTERSTICE_PLUGIN_INSTALL_DIR})
endfunction()
