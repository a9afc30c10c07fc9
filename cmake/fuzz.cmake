# Fuzz targets, one per entry point that takes untrusted bytes (tests/fuzz/targets/*.cc, each a
# LLVMFuzzerTestOneInput). With the normal compiler each links tests/fuzz/replay_main.cc, and
# ctest replays every seed (fixtures/, rules/catalog/, tests/fuzz/seeds/) and every saved crash
# (tests/fuzz/regressions/) through every target. With -DWID_FUZZ=ON (clang only; `make fuzz`)
# the whole build is instrumented and each target links libFuzzer instead.
file(GLOB WID_FUZZ_TARGETS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/fuzz/targets/*.cc)
if(WID_FUZZ)
  add_custom_target(fuzz)
endif()
foreach(src ${WID_FUZZ_TARGETS})
  get_filename_component(t ${src} NAME_WE)
  if(WID_FUZZ)
    set(exe fuzz_${t})
    add_executable(${exe} ${src})
    target_link_options(${exe} PRIVATE -fsanitize=fuzzer)
    add_dependencies(fuzz ${exe})
  else()
    set(exe fuzz_replay_${t})
    add_executable(${exe} ${src} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc)
    add_test(NAME fuzz.replay.${t}
             COMMAND ${exe} fixtures rules/catalog tests/fuzz/seeds tests/fuzz/regressions
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(fuzz.replay.${t} PROPERTIES TIMEOUT 600)
  endif()
  target_compile_options(${exe} PRIVATE ${WID_WARNINGS})
  target_link_libraries(${exe} PRIVATE wid_collectors wid_rules wid_reports)
  target_compile_definitions(${exe} PRIVATE WID_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  set_target_properties(${exe} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
endforeach()
