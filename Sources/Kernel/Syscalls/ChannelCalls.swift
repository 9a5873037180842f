import KeelABI

/// channel_create, channel_send, channel_receive (ChannelObject explains the protocol).
enum ChannelCalls {
    static let endRights: Rights = [.read, .write, .grant]

    /// Writes the two ends' handles (UInt32 each) to a[0].
    static func create(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        try SystemCalls.requireWritable(a[0], 8)
        try SystemCalls.check(SystemCalls.task.handles.freeSlots >= 2, .tableFull)
        let channel = ChannelObject()
        let first = try SystemCalls.install(.channel(channel, side: 0), endRights)
        let second = try SystemCalls.install(.channel(channel, side: 1), endRights)
        try SystemCalls.copyOutHandles([UInt32(first), UInt32(second)], to: a[0])
        return 0
    }

    /// send(end, bytes, length, handles, handleCount): blocks until received.
    static func send(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let task = SystemCalls.task
        let entry = try SystemCalls.lookup(a[0], .write)
        guard case .channel(let channel, let side) = entry.object else { throw .error(.wrongObject) }
        try SystemCalls.check(a[2] <= UInt64(SyscallLimits.messageBytes), .invalidArgument)
        try SystemCalls.check(a[4] <= UInt64(SyscallLimits.messageHandles), .invalidArgument)
        let bytes = try SystemCalls.copyIn(a[1], a[2])
        let values = try SystemCalls.copyInHandles(a[3], count: a[4])
        for (i, value) in values.enumerated() {
            _ = try SystemCalls.lookup(value, .grant)
            try SystemCalls.check(value != a[0] && !values[..<i].contains(value), .invalidArgument)
        }
        let target = 1 - side
        try SystemCalls.check(channel.isOpen(target), .peerClosed)

        // Validated: move the handles out and queue the message.
        var moved: [HandleEntry] = []
        for value in values { moved.append(task.handles.remove(value)!) }
        task.outgoing = ChannelMessage(bytes: bytes, handles: moved)
        channel.enqueue(task, to: target)
        channel.wakeReceivers(on: target)
        while task.outgoing != nil && channel.isOpen(target) {
            if !Scheduler.block(.channelSend) { break }
        }
        if let undelivered = task.outgoing {
            channel.remove(task, from: target)
            task.outgoing = nil
            for handle in undelivered.handles { handle.object.handleClosed() }
            throw .error(.peerClosed)
        }
        return 0
    }

    /// receive(end, buffer, capacity, handlesOut, handleCapacity) → length | handleCount << 32.
    static func receive(_ a: SyscallArguments) throws(SyscallFailure) -> UInt64 {
        let task = SystemCalls.task
        let entry = try SystemCalls.lookup(a[0], .read)
        guard case .channel(let channel, let side) = entry.object else { throw .error(.wrongObject) }
        try SystemCalls.check(a[4] <= UInt64(SyscallLimits.messageHandles), .invalidArgument)
        while true {
            if let sender = channel.senders(to: side).first, let message = sender.outgoing {
                try SystemCalls.check(UInt64(message.bytes.count) <= a[2], .bufferTooSmall)
                try SystemCalls.check(UInt64(message.handles.count) <= a[4], .bufferTooSmall)
                try SystemCalls.check(task.handles.freeSlots >= message.handles.count, .tableFull)
                try SystemCalls.requireWritable(a[1], UInt64(message.bytes.count))
                try SystemCalls.requireWritable(a[3], UInt64(message.handles.count) * 4)
                // Validated: deliver.
                try SystemCalls.copyOut(message.bytes, to: a[1])
                var values: [UInt32] = []
                for handle in message.handles { values.append(task.handles.install(handle)!) }
                try SystemCalls.copyOutHandles(values, to: a[3])
                channel.remove(sender, from: side)
                sender.outgoing = nil
                Scheduler.wake(sender)
                return UInt64(message.bytes.count) | UInt64(message.handles.count) << 32
            }
            try SystemCalls.check(channel.isOpen(1 - side), .peerClosed)
            channel.addReceiver(task, on: side)
            if !Scheduler.block(.channelReceive) {
                channel.removeReceiver(task, on: side)
                throw .error(.peerClosed)
            }
        }
    }
}
