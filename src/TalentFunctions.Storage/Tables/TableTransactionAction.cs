namespace TalentFunctions.Storage.Tables;

/// <summary>The kind of one operation inside an entity group transaction.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails with 409 EntityAlreadyExists when the row exists.</summary>
    Add,

    /// <summary>Replace an existing entity, conditional on If-Match (default <c>*</c>).</summary>
    UpdateReplace,

    /// <summary>Merge into an existing entity, conditional on If-Match (default <c>*</c>).</summary>
    UpdateMerge,

    /// <summary>Insert or replace, unconditionally.</summary>
    UpsertReplace,

    /// <summary>Insert or merge, unconditionally.</summary>
    UpsertMerge,

    /// <summary>Delete, conditional on If-Match (default <c>*</c>).</summary>
    Delete,
}

/// <summary>
/// One operation of <see cref="TableClient.SubmitTransactionAsync"/>. <c>ifMatch</c> applies to UpdateReplace,
/// UpdateMerge and Delete; null means <c>*</c> (unconditional), as in Azure.Data.Tables.
/// </summary>
public sealed class TableTransactionAction
{
    public TableTransactionAction(TableTransactionActionType type, TableEntity entity, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ActionType = type;
        Entity = entity;
        IfMatch = ifMatch;
    }

    public TableTransactionActionType ActionType { get; }

    public TableEntity Entity { get; }

    public string? IfMatch { get; }
}

/// <summary>
/// An entity group transaction was refused because one of its operations failed; nothing was applied.
/// <see cref="FailedOperationIndex"/> is the 0-based index of that operation (-1 if the service did not say),
/// <see cref="StorageRequestFailedException.Status"/> and <see cref="StorageRequestFailedException.ErrorCode"/>
/// are those of the failed operation (e.g. 412 UpdateConditionNotSatisfied, 409 EntityAlreadyExists).
/// </summary>
public sealed class TableTransactionFailedException : StorageRequestFailedException
{
    public TableTransactionFailedException(int failedOperationIndex, int status, string? errorCode, string? requestId, string message)
        : base(status, errorCode, requestId, message)
    {
        FailedOperationIndex = failedOperationIndex;
    }

    public int FailedOperationIndex { get; }
}
