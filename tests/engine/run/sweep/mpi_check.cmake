# Runs SWEEP, with each run's daily series and grids kept, in one process and under mpirun with
# 3 ranks (rank 0 stores, 2 compute), then checks that every export (per point, per run, daily
# series, grids) is byte for byte the same.
file(REMOVE_RECURSE ${OUT})
file(READ ${SWEEP} text)
get_filename_component(sweep_dir ${SWEEP} DIRECTORY)
string(REGEX REPLACE "\nbase: ([^\n]+)" "\nbase: ${sweep_dir}/\\1" text "${text}")
file(WRITE ${OUT}/sweep.yaml "${text}store: {daily: true, grids: true}\n")
set(SWEEP ${OUT}/sweep.yaml)
execute_process(COMMAND ${GOVGRID} sweep ${SWEEP} --out ${OUT}/single --threads 1 -q
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "single-process sweep failed (${rc}):\n${err}")
endif()
execute_process(COMMAND ${MPIEXEC} --oversubscribe -np 3 ${GOVGRID} sweep ${SWEEP} --out ${OUT}/mpi --threads 1
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mpirun -np 3 sweep failed (${rc}):\n${err}")
endif()
if(NOT err MATCHES "3 MPI ranks")
  message(FATAL_ERROR "the sweep under mpirun did not run on 3 ranks:\n${err}")
endif()
foreach(run single mpi)
  execute_process(COMMAND ${GOVGRID} export ${OUT}/${run} --csv ${OUT}/${run}_points.csv --runs ${OUT}/${run}_runs.csv
                          --daily ${OUT}/${run}_daily.csv --grids ${OUT}/${run}_grids.csv
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "export of ${run} failed (${rc}):\n${err}")
  endif()
endforeach()
foreach(table points runs daily grids)
  file(SIZE ${OUT}/single_${table}.csv size)
  if(size LESS 1000)
    message(FATAL_ERROR "${OUT}/single_${table}.csv is nearly empty (${size} bytes)")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/single_${table}.csv ${OUT}/mpi_${table}.csv
                  RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "MPI and single-process sweeps differ: ${OUT}/single_${table}.csv vs ${OUT}/mpi_${table}.csv")
  endif()
endforeach()
message(STATUS "MPI (3 ranks) and single-process sweeps store identical results")
