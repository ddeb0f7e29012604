package io.setuprunner.command;

/** What one command was asked to do: one record per verb, each carrying only that verb's arguments. */
public sealed interface CommandRequest
    permits UpgradeCommand.Request, StatusCommand.Request, HistoryCommand.Request, WaitCommand.Request,
        ServeCommand.Request, ResolveCommand.Request, AdoptCommand.Request, ValidateCommand.Request, CacheRebuildCommand.Request,
        MaintenanceCommand.Request, BackupCommand.Request, RestoreCommand.Request,
        PlanCommand.Request, MarkCommand.Request, RollbackCommand.Request {}
