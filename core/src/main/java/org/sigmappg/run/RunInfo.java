package org.sigmappg.run;

/**
 * One run as the store records it: what it was asked to do (kind, dataset, parameters as canonical JSON
 * and their hash, seed), on what (dataset manifest hash, parent run), with what (code, engine, device),
 * and how it went (status, times, message, summary JSON).
 *
 * @param command the command line that reproduces the run
 */
public record RunInfo(String id, String kind, String dataset, String parent, RunStatus status, String params,
                      String paramsHash, Long seed, String datasetHash, String codeVersion, String engine, String device,
                      String command, String created, String started, String ended, Long pid, String host,
                      String heartbeat, String message, String summary) {
}
