# Run by `cmake --install` after the host and every plugin are installed: asks the installed host
# for its shell completion scripts and man pages, so they describe exactly the commands and
# options installed (generated from each command's own option table). Variables from the caller:
# interstice_bindir, interstice_datadir, interstice_mandir (relative to the prefix).
set(prefix "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
set(host "${prefix}/${interstice_bindir}/interstice")
set(targets
  bash "${prefix}/${interstice_datadir}/bash-completion/completions/interstice"
  zsh "${prefix}/${interstice_datadir}/zsh/site-functions/_interstice"
  fish "${prefix}/${interstice_datadir}/fish/vendor_completions.d/interstice.fish")
while(targets)
  list(POP_FRONT targets shell file)
  get_filename_component(dir "${file}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  message(STATUS "Installing: ${file}")
  execute_process(COMMAND "${host}" --no-user-plugins completion ${shell} OUTPUT_FILE "${file}"
                  RESULT_VARIABLE result ERROR_VARIABLE error)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "interstice completion ${shell} failed (${result}): ${error}")
  endif()
endwhile()
set(man_dir "${prefix}/${interstice_mandir}/man1")
message(STATUS "Installing: ${man_dir}/interstice*.1")
execute_process(COMMAND "${host}" --no-user-plugins man --out-dir "${man_dir}" RESULT_VARIABLE result ERROR_VARIABLE error)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "interstice man --out-dir failed (${result}): ${error}")
endif()
