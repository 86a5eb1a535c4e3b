import Claims
import Foundation

// A thin wrapper: all logic (and its tests) lives in Claims.CommandLineInterface.
let arguments = Array(CommandLine.arguments.dropFirst())
let progress = arguments.contains("--quiet") ? nil : ProgressReporter.standardErrorIfTerminal()
let output = await CommandLineInterface.run(arguments, progress: progress)
FileHandle.standardOutput.write(Data(output.stdout.utf8))
FileHandle.standardError.write(Data(output.stderr.utf8))
exit(output.status)
